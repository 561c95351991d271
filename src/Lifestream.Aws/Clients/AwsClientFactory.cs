using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace Lifestream.Aws.Clients;

/// <summary>
/// Creates SDK clients for real AWS (default credential chain and region) or for emulators
/// (explicit endpoints, path-style S3). Hosts and the local stack share it.
/// </summary>
/// <param name="httpClientFactory">
/// The SDK's HTTP client hook; null for the SDK's own. Tests and the fault soak pass a fault-injecting one
/// (Lifestream.LocalAws.Faults) to prove what happens when a request applied and its answer was lost.
/// </param>
public sealed class AwsClientFactory(AwsEndpoints endpoints, string? region = null, AWSCredentials? credentials = null, HttpClientFactory? httpClientFactory = null)
{
    public AwsEndpoints Endpoints { get; } = endpoints ?? throw new ArgumentNullException(nameof(endpoints));

    /// <summary>The same endpoints, region and credentials, with every client's HTTP going through <paramref name="factory"/>.</summary>
    public AwsClientFactory WithHttpClientFactory(HttpClientFactory factory) => new(Endpoints, region, credentials, factory);

    /// <summary>From the process environment (AWS_ENDPOINT_URL*, AWS_REGION, default credential chain).</summary>
    public static AwsClientFactory FromEnvironment() => new(AwsEndpoints.FromProcessEnvironment(), Environment.GetEnvironmentVariable("AWS_REGION"));

    public IAmazonS3 CreateS3()
    {
        // Emulators serve path-style only (no wildcard DNS here).
        var config = Configure(new AmazonS3Config { ForcePathStyle = Endpoints.S3 is not null }, Endpoints.S3);
        var creds = EffectiveCredentials();
        return creds is null ? new AmazonS3Client(config) : new AmazonS3Client(creds, config);
    }

    public IAmazonSQS CreateSqs()
    {
        var config = Configure(new AmazonSQSConfig(), Endpoints.Sqs);
        var creds = EffectiveCredentials();
        return creds is null ? new AmazonSQSClient(config) : new AmazonSQSClient(creds, config);
    }

    public IAmazonDynamoDB CreateDynamoDb()
    {
        var config = Configure(new AmazonDynamoDBConfig(), Endpoints.DynamoDb);
        var creds = EffectiveCredentials();
        return creds is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(creds, config);
    }

    private T Configure<T>(T config, Uri? endpoint)
        where T : ClientConfig
    {
        var effectiveRegion = region ?? "us-east-1";
        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }

        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = effectiveRegion;
            config.UseHttp = endpoint.Scheme == Uri.UriSchemeHttp;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(effectiveRegion);
        }

        return config;
    }

    /// <summary>Explicit credentials, local dummy ones for emulators, or null for the SDK's default chain.</summary>
    private AWSCredentials? EffectiveCredentials()
    {
        if (credentials is not null)
        {
            return credentials;
        }

        // Emulators accept any signature; don't make a laptop without AWS credentials fail.
        // DynamoDB Local 2+ rejects access keys that are not purely alphanumeric.
        return Endpoints.AnyOverridden && Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is null
            ? new BasicAWSCredentials("lifestreamlocal", "lifestreamlocal")
            : null;
    }
}
