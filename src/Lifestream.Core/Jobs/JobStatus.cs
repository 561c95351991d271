namespace Lifestream.Core.Jobs;

/// <summary>
/// Lifecycle of a job record. See docs/state-machines.md.
/// queued → dispatched → running → succeeded | failed | timed_out | interrupted; rejected from any non-terminal state.
/// </summary>
public enum JobStatus
{
    Queued,
    Dispatched,
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Interrupted,
    Rejected,
}

public static class JobStatusExtensions
{
    /// <summary>The wire name stored in DynamoDB (snake_case, as documented).</summary>
    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Dispatched => "dispatched",
        JobStatus.Running => "running",
        JobStatus.Succeeded => "succeeded",
        JobStatus.Failed => "failed",
        JobStatus.TimedOut => "timed_out",
        JobStatus.Interrupted => "interrupted",
        JobStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown job status."),
    };

    public static JobStatus ParseWire(string value) => value switch
    {
        "queued" => JobStatus.Queued,
        "dispatched" => JobStatus.Dispatched,
        "running" => JobStatus.Running,
        "succeeded" => JobStatus.Succeeded,
        "failed" => JobStatus.Failed,
        "timed_out" => JobStatus.TimedOut,
        "interrupted" => JobStatus.Interrupted,
        "rejected" => JobStatus.Rejected,
        _ => throw new FormatException($"Unknown job status '{value}'."),
    };

    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.TimedOut or JobStatus.Interrupted or JobStatus.Rejected;
}
