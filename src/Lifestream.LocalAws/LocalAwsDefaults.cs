namespace Lifestream.LocalAws;

/// <summary>Defaults of the local stack.</summary>
public static class LocalAwsDefaults
{
    public const string Region = "us-east-1";

    /// <summary>Chooses the backend: auto (default), emulators, localstack, external.</summary>
    public const string ModeVariable = "LIFESTREAM_LOCAL_AWS";

    /// <summary>
    /// Pinned LocalStack image (the last community line that starts without an auth token). Its free
    /// edition serves S3, SQS and DynamoDB; ECS RunTask is Pro-only, so tasks launch as local processes.
    /// </summary>
    public const string LocalStackImage = "localstack/localstack:3.8.1";
}
