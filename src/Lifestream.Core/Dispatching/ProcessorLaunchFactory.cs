using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Processing;

namespace Lifestream.Core.Dispatching;

/// <summary>Builds the <see cref="TaskLaunchRequest"/> for one claimed attempt: the processor's env and the launch token.</summary>
public sealed class ProcessorLaunchFactory
{
    private readonly DispatcherOptions options;
    private readonly IdempotencyOptions claimPolicy;

    public ProcessorLaunchFactory(DispatcherOptions options, IdempotencyOptions claimPolicy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(claimPolicy);
        this.options = options;
        this.claimPolicy = claimPolicy;
    }

    public TaskLaunchRequest Create(string jobId, string bucket, string key, string etag, int attempt)
    {
        var environment = new Dictionary<string, string>(options.ExtraProcessorEnvironment, StringComparer.Ordinal);
        foreach (var (name, value) in options.Limits.ToEnvironment())
        {
            // The task enforces the limits the dispatcher admitted the object under.
            environment[name] = value;
        }

        foreach (var (name, value) in new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProcessorEnvironmentVariables.JobId] = jobId,
            [ProcessorEnvironmentVariables.S3Bucket] = bucket,
            [ProcessorEnvironmentVariables.S3Key] = key,
            [ProcessorEnvironmentVariables.S3ETag] = etag,
            [ProcessorEnvironmentVariables.ClaimAttempt] = attempt.ToString(CultureInfo.InvariantCulture),
            [ProcessorEnvironmentVariables.WorkDir] = options.ProcessorWorkDir,
            [ProcessorEnvironmentVariables.JobsTableName] = options.JobsTableName,
            [ProcessorEnvironmentVariables.IdempotencyTableName] = options.IdempotencyTableName,
            [ProcessorEnvironmentVariables.TaskTimeoutSeconds] = ((long)options.TaskTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),

            // The processor renews and fences its claim with the same policy the dispatcher used.
            [DispatcherEnvironmentVariables.ClaimLeaseSeconds] = ((long)claimPolicy.LeaseDuration.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            [DispatcherEnvironmentVariables.MaxAttempts] = claimPolicy.MaxAttempts.ToString(CultureInfo.InvariantCulture),
            [DispatcherEnvironmentVariables.ClaimTtlDays] = ((long)claimPolicy.RecordTimeToLive.TotalDays).ToString(CultureInfo.InvariantCulture),
        })
        {
            environment[name] = value;
        }

        return new TaskLaunchRequest
        {
            JobId = jobId,
            S3Bucket = bucket,
            S3Key = key,
            ETag = etag,
            Attempt = attempt,
            Environment = environment,
            ClientToken = ClientToken(new IdempotencyKey(key, etag), attempt),
        };
    }

    /// <summary>
    /// ECS RunTask's idempotency token (at most 64 ASCII characters): SHA-256 hex of key, ETag and attempt, so a
    /// retried RunTask for the same attempt cannot start a second task, while a new attempt gets a new token.
    /// </summary>
    public static string ClientToken(IdempotencyKey key, int attempt)
    {
        var material = Encoding.UTF8.GetBytes($"{key.Value}|{attempt.ToString(CultureInfo.InvariantCulture)}");
        return Convert.ToHexStringLower(SHA256.HashData(material));
    }
}
