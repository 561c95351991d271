namespace Lifestream.Core.Reconciliation;

/// <summary>
/// The fields of an EventBridge <c>ECS Task State Change</c> event (<c>lastStatus = STOPPED</c>) the reconciler
/// reads: why the task stopped and which job attempt it ran (from the dispatcher's container overrides).
/// The local process launcher reports a child's exit in the same shape.
/// </summary>
public sealed record TaskStateChange
{
    public required string TaskArn { get; init; }

    public string? ClusterArn { get; init; }

    public string? TaskDefinitionArn { get; init; }

    /// <summary><c>family:&lt;task family&gt;</c> for RunTask launches.</summary>
    public string? Group { get; init; }

    public string? StartedBy { get; init; }

    public required string LastStatus { get; init; }

    /// <summary>ECS stop code: EssentialContainerExited, TaskFailedToStart, UserInitiated, SpotInterruption, …</summary>
    public string? StopCode { get; init; }

    public string? StoppedReason { get; init; }

    /// <summary>The processor container's exit code; null when the container never ran or ECS did not record one.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The container's own reason (e.g. <c>OutOfMemoryError: Container killed due to memory usage</c>).</summary>
    public string? ContainerReason { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>Environment overrides of the processor container (JOB_ID, S3_KEY, S3_ETAG, CLAIM_ATTEMPT, …).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public bool IsStopped => string.Equals(LastStatus, TaskStateChangeEvent.StoppedStatus, StringComparison.Ordinal);

    /// <summary>One line for logs and the job's error: stop code, reasons and exit code.</summary>
    public string Describe()
    {
        var parts = new List<string>(4) { $"task {TaskArn} stopped" };
        if (StopCode is not null)
        {
            parts.Add($"stopCode {StopCode}");
        }

        if (!string.IsNullOrWhiteSpace(StoppedReason))
        {
            parts.Add($"stoppedReason '{StoppedReason}'");
        }

        parts.Add(ExitCode is { } code ? $"exit code {code}" : "no exit code");
        if (!string.IsNullOrWhiteSpace(ContainerReason))
        {
            parts.Add($"container reason '{ContainerReason}'");
        }

        return string.Join(", ", parts);
    }
}
