using Amazon.DynamoDBv2;
using Amazon.S3;

namespace Lifestream.Aws;

/// <summary>
/// Creates SDK clients the way the hosts need them. Endpoints come from the standard variables
/// (<c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL_DYNAMODB</c>, or <c>AWS_ENDPOINT_URL</c>); an explicit endpoint
/// switches S3 to path-style addressing, which emulators need.
/// </summary>
public static class AwsClientFactory
{
    public static string? EndpointFor(string serviceSuffix, Func<string, string?>? lookup = null)
    {
        lookup ??= Environment.GetEnvironmentVariable;
        var specific = lookup($"AWS_ENDPOINT_URL_{serviceSuffix}");
        var general = lookup("AWS_ENDPOINT_URL");
        return !string.IsNullOrWhiteSpace(specific) ? specific : !string.IsNullOrWhiteSpace(general) ? general : null;
    }

    public static AmazonS3Client CreateS3(string? endpoint = null)
    {
        endpoint ??= EndpointFor("S3");
        var config = new AmazonS3Config();
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
        }

        return new AmazonS3Client(config);
    }

    public static AmazonDynamoDBClient CreateDynamoDb(string? endpoint = null)
    {
        endpoint ??= EndpointFor("DYNAMODB");
        var config = new AmazonDynamoDBConfig();
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
        }

        return new AmazonDynamoDBClient(config);
    }
}
