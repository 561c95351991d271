using System.Text.Json.Serialization;

namespace Lifestream.Aws.Ecs;

// The subset of the ECS RunTask API (JSON 1.1 protocol) the launcher uses. Field names are the API's.

public sealed record RunTaskRequest
{
    [JsonPropertyName("cluster")]
    public required string Cluster { get; init; }

    [JsonPropertyName("taskDefinition")]
    public required string TaskDefinition { get; init; }

    [JsonPropertyName("launchType")]
    public string LaunchType { get; init; } = "FARGATE";

    [JsonPropertyName("count")]
    public int Count { get; init; } = 1;

    [JsonPropertyName("startedBy")]
    public string? StartedBy { get; init; }

    [JsonPropertyName("clientToken")]
    public string? ClientToken { get; init; }

    [JsonPropertyName("networkConfiguration")]
    public NetworkConfiguration? NetworkConfiguration { get; init; }

    [JsonPropertyName("overrides")]
    public TaskOverride? Overrides { get; init; }
}

public sealed record NetworkConfiguration([property: JsonPropertyName("awsvpcConfiguration")] AwsVpcConfiguration AwsvpcConfiguration);

public sealed record AwsVpcConfiguration(
    [property: JsonPropertyName("subnets")] IReadOnlyList<string> Subnets,
    [property: JsonPropertyName("securityGroups")] IReadOnlyList<string> SecurityGroups,
    [property: JsonPropertyName("assignPublicIp")] string AssignPublicIp);

public sealed record TaskOverride([property: JsonPropertyName("containerOverrides")] IReadOnlyList<ContainerOverride> ContainerOverrides);

public sealed record ContainerOverride(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("environment")] IReadOnlyList<EnvironmentVariable> Environment);

public sealed record EnvironmentVariable([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("value")] string Value);

public sealed record RunTaskResponse
{
    [JsonPropertyName("tasks")]
    public IReadOnlyList<EcsTask>? Tasks { get; init; }

    [JsonPropertyName("failures")]
    public IReadOnlyList<EcsFailure>? Failures { get; init; }
}

public sealed record EcsTask
{
    [JsonPropertyName("taskArn")]
    public string? TaskArn { get; init; }

    [JsonPropertyName("lastStatus")]
    public string? LastStatus { get; init; }
}

public sealed record EcsFailure
{
    [JsonPropertyName("arn")]
    public string? Arn { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }
}

/// <summary>The JSON 1.1 error body: <c>{"__type": "...#ThrottlingException", "message": "..."}</c>.</summary>
public sealed record AwsJsonError
{
    [JsonPropertyName("__type")]
    public string? Type { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("Message")]
    public string? MessageUpper { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunTaskRequest))]
[JsonSerializable(typeof(RunTaskResponse))]
[JsonSerializable(typeof(AwsJsonError))]
internal sealed partial class EcsJsonContext : JsonSerializerContext;
