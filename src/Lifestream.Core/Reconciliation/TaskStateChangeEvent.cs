using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lifestream.Core.Reconciliation;

/// <summary>
/// Reads and writes the EventBridge envelope of an ECS task state change, as AWS documents it
/// (<c>source = aws.ecs</c>, <c>detail-type = ECS Task State Change</c>, the task in <c>detail</c>). Reading never
/// throws on a malformed event: it returns the problem instead, so a poison event is acknowledged and logged.
/// </summary>
public static class TaskStateChangeEvent
{
    public const string Source = "aws.ecs";
    public const string DetailType = "ECS Task State Change";
    public const string StoppedStatus = "STOPPED";

    /// <summary>Stop code ECS uses when the essential container exited (ours always is); the local launcher reports the same.</summary>
    public const string EssentialContainerExited = "EssentialContainerExited";

    /// <summary>True when <paramref name="root"/> is an ECS task state change envelope (whatever its detail holds).</summary>
    public static bool IsTaskStateChange(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && GetString(root, "source") == Source
        && GetString(root, "detail-type") == DetailType;

    /// <summary>Parses the envelope; returns null and a reason when it is not usable.</summary>
    public static TaskStateChange? TryParse(JsonElement root, out string? problem)
    {
        problem = null;
        if (!IsTaskStateChange(root))
        {
            problem = $"not an {DetailType} event (source '{Source}')";
            return null;
        }

        if (!root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
        {
            problem = "the event has no 'detail' object";
            return null;
        }

        var taskArn = GetString(detail, "taskArn");
        var lastStatus = GetString(detail, "lastStatus");
        if (string.IsNullOrWhiteSpace(taskArn) || string.IsNullOrWhiteSpace(lastStatus))
        {
            problem = "detail.taskArn and detail.lastStatus are required";
            return null;
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (detail.TryGetProperty("overrides", out var overrides) && overrides.ValueKind == JsonValueKind.Object
            && overrides.TryGetProperty("containerOverrides", out var containerOverrides) && containerOverrides.ValueKind == JsonValueKind.Array)
        {
            foreach (var container in containerOverrides.EnumerateArray())
            {
                if (container.ValueKind != JsonValueKind.Object || !container.TryGetProperty("environment", out var variables) || variables.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var variable in variables.EnumerateArray())
                {
                    if (GetString(variable, "name") is { } name && GetString(variable, "value") is { } value)
                    {
                        environment[name] = value;
                    }
                }
            }
        }

        // The processor is the task's only (essential) container: the first container with an exit code speaks for it.
        int? exitCode = null;
        string? containerReason = null;
        if (detail.TryGetProperty("containers", out var containers) && containers.ValueKind == JsonValueKind.Array)
        {
            foreach (var container in containers.EnumerateArray())
            {
                containerReason ??= GetString(container, "reason");
                if (exitCode is null && container.ValueKind == JsonValueKind.Object && container.TryGetProperty("exitCode", out var code)
                    && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var parsed))
                {
                    exitCode = parsed;
                    containerReason = GetString(container, "reason");
                }
            }
        }

        return new TaskStateChange
        {
            TaskArn = taskArn,
            ClusterArn = GetString(detail, "clusterArn"),
            TaskDefinitionArn = GetString(detail, "taskDefinitionArn"),
            Group = GetString(detail, "group"),
            StartedBy = GetString(detail, "startedBy"),
            LastStatus = lastStatus,
            StopCode = GetString(detail, "stopCode"),
            StoppedReason = GetString(detail, "stoppedReason"),
            ExitCode = exitCode,
            ContainerReason = containerReason,
            StoppedAt = GetString(detail, "stoppedAt") is { } stoppedAt
                && DateTimeOffset.TryParse(stoppedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            Environment = environment,
        };
    }

    /// <summary>The envelope EventBridge would deliver for <paramref name="change"/> (the local launcher's report).</summary>
    public static string ToJson(TaskStateChange change, string containerName, string region, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(change);
        var container = new JsonObject
        {
            ["name"] = containerName,
            ["taskArn"] = change.TaskArn,
            ["lastStatus"] = change.LastStatus,
        };
        if (change.ExitCode is { } exitCode)
        {
            container["exitCode"] = exitCode;
        }

        if (change.ContainerReason is { } reason)
        {
            container["reason"] = reason;
        }

        var detail = new JsonObject
        {
            ["clusterArn"] = change.ClusterArn,
            ["taskArn"] = change.TaskArn,
            ["taskDefinitionArn"] = change.TaskDefinitionArn,
            ["group"] = change.Group,
            ["startedBy"] = change.StartedBy,
            ["launchType"] = "FARGATE",
            ["lastStatus"] = change.LastStatus,
            ["desiredStatus"] = StoppedStatus,
            ["stopCode"] = change.StopCode,
            ["stoppedReason"] = change.StoppedReason,
            ["stoppedAt"] = change.StoppedAt?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["containers"] = new JsonArray(container),
            ["overrides"] = new JsonObject
            {
                ["containerOverrides"] = new JsonArray(new JsonObject
                {
                    ["name"] = containerName,
                    ["environment"] = new JsonArray([.. change.Environment.OrderBy(e => e.Key, StringComparer.Ordinal)
                        .Select(e => (JsonNode)new JsonObject { ["name"] = e.Key, ["value"] = e.Value })]),
                }),
            },
        };
        var envelope = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = DetailType,
            ["source"] = Source,
            ["account"] = "000000000000",
            ["time"] = time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["region"] = region,
            ["resources"] = new JsonArray(change.TaskArn),
            ["detail"] = detail,
        };
        return envelope.ToJsonString();
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
