using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Lifestream.Aws.Ecs;
using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;

namespace Lifestream.Tests.Unit.Aws.Ecs;

/// <summary>The hand-written RunTask client against a local HTTP listener standing in for ECS.</summary>
public sealed partial class EcsTaskLauncherTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string SessionToken = "session-token-123";
    private const string SuccessBody = """{"tasks":[{"taskArn":"arn:aws:ecs:eu-west-1:123456789012:task/lifestream/abc","lastStatus":"PROVISIONING"}],"failures":[]}""";

    private static readonly EcsTaskLauncherOptions LauncherOptions = new()
    {
        Cluster = "lifestream",
        TaskDefinition = "lifestream-processor:7",
        ContainerName = "processor",
        Subnets = ["subnet-a", "subnet-b"],
        SecurityGroups = ["sg-1"],
        AssignPublicIp = "ENABLED",
    };

    private static readonly TaskLaunchRequest Launch = new()
    {
        JobId = "job-1",
        S3Bucket = "media",
        S3Key = "uploads/a b.mp4",
        ETag = "e1",
        Attempt = 2,
        ClientToken = new string('c', 64),
        Environment = new Dictionary<string, string> { ["JOB_ID"] = "job-1", ["S3_KEY"] = "uploads/a b.mp4", ["WORK_DIR"] = "/tmp" },
    };

    private static (EcsTaskLauncher Launcher, EcsRunTaskHttpClient Client) NewLauncher(LoopbackHttpServer server, int maxTries = 4)
    {
        var client = new EcsRunTaskHttpClient(
            new EcsClientOptions { Region = "eu-west-1", Endpoint = server.BaseUri, MaxTries = maxTries, BaseBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5) },
            _ => Task.FromResult<AWSCredentials>(new SessionAWSCredentials(AccessKey, SecretKey, SessionToken)));
        return (new EcsTaskLauncher(client, LauncherOptions), client);
    }

    [Fact]
    public async Task RunTask_is_a_signed_json_1_1_call_with_every_field()
    {
        await using var server = new LoopbackHttpServer(_ => Task.FromResult(new CannedResponse(200, SuccessBody)));
        var (launcher, client) = NewLauncher(server);
        using var _ = client;

        var task = await launcher.LaunchAsync(Launch, default);

        Assert.Equal("arn:aws:ecs:eu-west-1:123456789012:task/lifestream/abc", task.TaskArn);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("AmazonEC2ContainerServiceV20141113.RunTask", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        Assert.Equal(SessionToken, request.Headers["X-Amz-Security-Token"]);

        var match = AuthorizationPattern().Match(request.Headers["Authorization"]);
        Assert.True(match.Success, request.Headers["Authorization"]);
        Assert.Equal(AccessKey, match.Groups["key"].Value);
        Assert.Equal(request.Headers["X-Amz-Date"][..8], match.Groups["date"].Value);
        Assert.Equal("eu-west-1", match.Groups["region"].Value);
        Assert.Equal("ecs", match.Groups["service"].Value);
        var signedHeaders = match.Groups["headers"].Value.Split(';');
        Assert.Contains("host", signedHeaders);
        Assert.Contains("x-amz-target", signedHeaders);
        Assert.Contains("x-amz-date", signedHeaders);
        Assert.Equal(SigV4Verifier.ExpectedSignature(request, SecretKey, "eu-west-1", "ecs", signedHeaders), match.Groups["signature"].Value);

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("lifestream", root.GetProperty("cluster").GetString());
        Assert.Equal("lifestream-processor:7", root.GetProperty("taskDefinition").GetString());
        Assert.Equal("FARGATE", root.GetProperty("launchType").GetString());
        Assert.Equal(1, root.GetProperty("count").GetInt32());
        Assert.Equal("lifestream-dispatcher", root.GetProperty("startedBy").GetString());
        Assert.Equal(Launch.ClientToken, root.GetProperty("clientToken").GetString());
        var vpc = root.GetProperty("networkConfiguration").GetProperty("awsvpcConfiguration");
        Assert.Equal(["subnet-a", "subnet-b"], vpc.GetProperty("subnets").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["sg-1"], vpc.GetProperty("securityGroups").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("ENABLED", vpc.GetProperty("assignPublicIp").GetString());
        var container = Assert.Single(root.GetProperty("overrides").GetProperty("containerOverrides").EnumerateArray());
        Assert.Equal("processor", container.GetProperty("name").GetString());
        var env = container.GetProperty("environment").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetString()!);
        Assert.Equal(Launch.Environment, env);
    }

    [Fact]
    public async Task Failures_array_is_a_launch_failure_with_the_reason()
    {
        await using var server = new LoopbackHttpServer(_ => Task.FromResult(new CannedResponse(200,
            """{"tasks":[],"failures":[{"arn":"arn:aws:ecs:eu-west-1:1:container-instance/x","reason":"RESOURCE:MEMORY","detail":"no capacity"}]}""")));
        var (launcher, client) = NewLauncher(server);
        using var _ = client;

        var ex = await Assert.ThrowsAsync<TaskLaunchException>(() => launcher.LaunchAsync(Launch, default));

        Assert.Contains("RESOURCE:MEMORY (no capacity)", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Empty_tasks_without_failures_is_a_launch_failure()
    {
        await using var server = new LoopbackHttpServer(_ => Task.FromResult(new CannedResponse(200, """{"tasks":[]}""")));
        var (launcher, client) = NewLauncher(server);
        using var _ = client;

        var ex = await Assert.ThrowsAsync<TaskLaunchException>(() => launcher.LaunchAsync(Launch, default));

        Assert.Contains("no task", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_and_5xx_are_retried_with_the_same_client_token()
    {
        var answers = new Queue<CannedResponse>(
        [
            new(400, """{"__type":"com.amazonaws.ecs#ThrottlingException","message":"Rate exceeded"}"""),
            new(503, "<html>busy</html>"),
            new(200, SuccessBody),
        ]);
        await using var server = new LoopbackHttpServer(_ => Task.FromResult(answers.Dequeue()));
        var (launcher, client) = NewLauncher(server);
        using var _ = client;

        var task = await launcher.LaunchAsync(Launch, default);

        Assert.EndsWith("/abc", task.TaskArn, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
        Assert.Single(server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("clientToken").GetString()).Distinct());
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_after_max_tries()
    {
        await using var server = new LoopbackHttpServer(_ => Task.FromResult(new CannedResponse(500, """{"__type":"ServerException","message":"internal"}""")));
        var (launcher, client) = NewLauncher(server, maxTries: 3);
        using var _ = client;

        var ex = await Assert.ThrowsAsync<TaskLaunchException>(() => launcher.LaunchAsync(Launch, default));

        Assert.Equal(3, server.Requests.Count);
        var api = Assert.IsType<EcsApiException>(ex.InnerException);
        Assert.Equal("ServerException", api.ErrorType);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        await using var server = new LoopbackHttpServer(_ => Task.FromResult(new CannedResponse(400,
            """{"__type":"com.amazonaws.ecs#ClientException","message":"TaskDefinition is inactive"}""")));
        var (launcher, client) = NewLauncher(server);
        using var _ = client;

        var ex = await Assert.ThrowsAsync<TaskLaunchException>(() => launcher.LaunchAsync(Launch, default));

        Assert.Single(server.Requests);
        Assert.Contains("ClientException", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TaskDefinition is inactive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_endpoint_is_a_launch_failure()
    {
        int port;
        await using (var probe = new LoopbackHttpServer(_ => Task.FromResult(new CannedResponse(200, SuccessBody))))
        {
            port = probe.Port;
        }

        using var client = new EcsRunTaskHttpClient(
            new EcsClientOptions { Region = "eu-west-1", Endpoint = new Uri($"http://127.0.0.1:{port}/"), MaxTries = 2, BaseBackoff = TimeSpan.Zero, MaxBackoff = TimeSpan.Zero },
            _ => Task.FromResult<AWSCredentials>(new BasicAWSCredentials(AccessKey, SecretKey)));

        await Assert.ThrowsAsync<TaskLaunchException>(() => new EcsTaskLauncher(client, LauncherOptions).LaunchAsync(Launch, default));
    }

    [Theory]
    [InlineData("com.amazonaws.ecs#ThrottlingException", "ThrottlingException")]
    [InlineData("ClientException", "ClientException")]
    [InlineData("ThrottlingException:http://internal.amazon.com/", "ThrottlingException")]
    public void Error_types_are_shortened(string raw, string expected) => Assert.Equal(expected, EcsRunTaskHttpClient.ShortErrorType(raw));

    [Fact]
    public void Launcher_options_from_environment_list_every_problem()
    {
        var env = new Dictionary<string, string> { ["ECS_ASSIGN_PUBLIC_IP"] = "yes" };
        var reader = new EnvironmentReader(name => env.GetValueOrDefault(name));

        EcsTaskLauncherOptions.Read(reader);
        EcsTaskLauncherOptions.ReadClient(reader);
        var ex = Assert.Throws<DispatcherConfigurationException>(() => reader.ThrowIfInvalid(problems => new DispatcherConfigurationException(problems)));

        foreach (var name in new[] { "ECS_CLUSTER", "ECS_TASK_DEFINITION", "ECS_CONTAINER_NAME", "ECS_SUBNETS", "ECS_SECURITY_GROUPS", "ECS_ASSIGN_PUBLIC_IP", "AWS_REGION" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Endpoint_override_comes_from_AWS_ENDPOINT_URL_ECS()
    {
        var env = new Dictionary<string, string> { ["AWS_REGION"] = "eu-central-1", ["AWS_ENDPOINT_URL_ECS"] = "http://127.0.0.1:4599" };
        var reader = new EnvironmentReader(name => env.GetValueOrDefault(name));

        var options = EcsTaskLauncherOptions.ReadClient(reader);

        Assert.Empty(reader.Problems);
        Assert.Equal(new Uri("http://127.0.0.1:4599"), options.ResolvedEndpoint);
        Assert.Equal(new Uri("https://ecs.eu-central-1.amazonaws.com/"), (options with { Endpoint = null }).ResolvedEndpoint);
    }

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
