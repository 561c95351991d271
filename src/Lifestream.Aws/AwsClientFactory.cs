using Amazon;
using Amazon.DynamoDBv2;
using Amazon.S3;

namespace Lifestream.Aws;

/// <summary>
/// Creates SDK clients the way the hosts need them, from an environment lookup (the process environment by
/// default). Region: <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c>, else the SDK's own resolution. Endpoints:
/// <c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL_DYNAMODB</c>, or <c>AWS_ENDPOINT_URL</c>; an explicit endpoint
/// switches S3 to path-style addressing, which emulators need.
/// </summary>
public static class AwsClientFactory
{
    public static string? EndpointFor(string serviceSuffix, Func<string, string?>? lookup = null)
    {
        lookup ??= Environment.GetEnvironmentVariable;
        return NonEmpty(lookup($"AWS_ENDPOINT_URL_{serviceSuffix}")) ?? NonEmpty(lookup("AWS_ENDPOINT_URL"));
    }

    public static RegionEndpoint? RegionFrom(Func<string, string?>? lookup = null)
    {
        lookup ??= Environment.GetEnvironmentVariable;
        return (NonEmpty(lookup("AWS_REGION")) ?? NonEmpty(lookup("AWS_DEFAULT_REGION"))) is { } name ? RegionEndpoint.GetBySystemName(name) : null;
    }

    public static AmazonS3Client CreateS3(Func<string, string?>? lookup = null)
    {
        var config = new AmazonS3Config();
        if (RegionFrom(lookup) is { } region)
        {
            config.RegionEndpoint = region;
        }

        if (EndpointFor("S3", lookup) is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = config.RegionEndpoint?.SystemName;
        }

        return new AmazonS3Client(config);
    }

    public static AmazonDynamoDBClient CreateDynamoDb(Func<string, string?>? lookup = null)
    {
        var config = new AmazonDynamoDBConfig();
        if (RegionFrom(lookup) is { } region)
        {
            config.RegionEndpoint = region;
        }

        if (EndpointFor("DYNAMODB", lookup) is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = config.RegionEndpoint?.SystemName;
        }

        return new AmazonDynamoDBClient(config);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
