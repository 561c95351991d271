using Lifestream.Aws.Clients;

namespace Lifestream.Tests.Unit.Aws.Clients;

public class AwsEndpointsTests
{
    [Fact]
    public void Service_specific_variables_win_over_the_global_one()
    {
        var env = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:8000",
        };

        var endpoints = AwsEndpoints.FromEnvironment(env.GetValueOrDefault);

        Assert.Equal(new Uri("http://127.0.0.1:4566"), endpoints.S3);
        Assert.Equal(new Uri("http://127.0.0.1:4566"), endpoints.Sqs);
        Assert.Equal(new Uri("http://127.0.0.1:8000"), endpoints.DynamoDb);
        Assert.True(endpoints.CoversLocalStack);
    }

    [Fact]
    public void Nothing_set_means_real_aws()
    {
        var endpoints = AwsEndpoints.FromEnvironment(_ => null);

        Assert.False(endpoints.AnyOverridden);
        Assert.Empty(endpoints.ToEnvironmentVariables());
    }

    [Fact]
    public void Partial_overrides_do_not_cover_the_local_stack()
    {
        var endpoints = AwsEndpoints.FromEnvironment(name => name == "AWS_ENDPOINT_URL_S3" ? "http://127.0.0.1:1" : null);

        Assert.True(endpoints.AnyOverridden);
        Assert.False(endpoints.CoversLocalStack);
    }

    [Fact]
    public void Exported_variables_round_trip()
    {
        var original = new AwsEndpoints(new Uri("http://127.0.0.1:1"), new Uri("http://127.0.0.1:2"), new Uri("http://127.0.0.1:3"));

        var exported = original.ToEnvironmentVariables();
        var parsed = AwsEndpoints.FromEnvironment(exported.GetValueOrDefault);

        Assert.Equal("http://127.0.0.1:1", exported["AWS_ENDPOINT_URL_S3"]);
        Assert.Equal(original, parsed);
    }

    [Fact]
    public void A_malformed_endpoint_names_the_variable()
    {
        var ex = Assert.Throws<FormatException>(() => AwsEndpoints.FromEnvironment(n => n == "AWS_ENDPOINT_URL_SQS" ? "localhost:9324" : null));

        Assert.Contains("AWS_ENDPOINT_URL_SQS", ex.Message, StringComparison.Ordinal);
    }
}
