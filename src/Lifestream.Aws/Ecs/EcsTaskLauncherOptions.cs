using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;

namespace Lifestream.Aws.Ecs;

/// <summary>What every RunTask for a processor task carries (from <see cref="EcsEnvironmentVariables"/>).</summary>
public sealed record EcsTaskLauncherOptions : IValidatedOptions
{
    public const string DefaultStartedBy = "lifestream-dispatcher";

    public required string Cluster { get; init; }

    public required string TaskDefinition { get; init; }

    /// <summary>The container in the task definition that receives the env overrides.</summary>
    public required string ContainerName { get; init; }

    public required IReadOnlyList<string> Subnets { get; init; }

    public required IReadOnlyList<string> SecurityGroups { get; init; }

    /// <summary>"ENABLED" or "DISABLED".</summary>
    public string AssignPublicIp { get; init; } = "DISABLED";

    /// <summary>ECS startedBy (at most 36 characters).</summary>
    public string StartedBy { get; init; } = DefaultStartedBy;

    /// <summary>Reads the ECS settings; problems are collected in <paramref name="reader"/>.</summary>
    public static EcsTaskLauncherOptions Read(EnvironmentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new EcsTaskLauncherOptions
        {
            Cluster = reader.Required(EcsEnvironmentVariables.Cluster),
            TaskDefinition = reader.Required(EcsEnvironmentVariables.TaskDefinition),
            ContainerName = reader.Required(EcsEnvironmentVariables.ContainerName),
            Subnets = reader.List(EcsEnvironmentVariables.Subnets, required: true),
            SecurityGroups = reader.List(EcsEnvironmentVariables.SecurityGroups, required: true),
            AssignPublicIp = reader.OneOf(EcsEnvironmentVariables.AssignPublicIp, "DISABLED", "ENABLED", "DISABLED"),
        };
    }

    /// <summary>Region and endpoint for the client: AWS_REGION/AWS_DEFAULT_REGION and AWS_ENDPOINT_URL_ECS/AWS_ENDPOINT_URL.</summary>
    public static EcsClientOptions ReadClient(EnvironmentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var region = reader.Optional("AWS_REGION") ?? reader.Optional("AWS_DEFAULT_REGION");
        if (region is null)
        {
            reader.AddProblems(["AWS_REGION (or AWS_DEFAULT_REGION) is required but not set."]);
        }

        var endpoint = reader.Optional("AWS_ENDPOINT_URL_ECS") ?? reader.Optional("AWS_ENDPOINT_URL");
        Uri? endpointUri = null;
        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out endpointUri))
        {
            reader.AddProblems([$"AWS_ENDPOINT_URL_ECS must be an absolute URL (was '{endpoint}')."]);
        }

        return new EcsClientOptions { Region = region ?? string.Empty, Endpoint = endpointUri };
    }

    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Cluster))
        {
            problems.Add($"{EcsEnvironmentVariables.Cluster} is required.");
        }

        if (string.IsNullOrWhiteSpace(TaskDefinition))
        {
            problems.Add($"{EcsEnvironmentVariables.TaskDefinition} is required.");
        }

        if (string.IsNullOrWhiteSpace(ContainerName))
        {
            problems.Add($"{EcsEnvironmentVariables.ContainerName} is required.");
        }

        if (Subnets.Count == 0)
        {
            problems.Add($"{EcsEnvironmentVariables.Subnets} must list at least one subnet.");
        }

        if (AssignPublicIp is not ("ENABLED" or "DISABLED"))
        {
            problems.Add($"{EcsEnvironmentVariables.AssignPublicIp} must be ENABLED or DISABLED (was '{AssignPublicIp}').");
        }

        if (StartedBy.Length is 0 or > 36)
        {
            problems.Add($"{nameof(StartedBy)} must be 1-36 characters.");
        }

        return problems;
    }
}
