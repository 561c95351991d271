namespace Lifestream.Core.Jobs;

/// <summary>
/// Lifecycle of a job record. See docs/state-machines.md.
/// queued → dispatched → running → succeeded | failed | timed_out | interrupted; an attempt that failed for a
/// transient cause with attempts left makes it retrying (→ dispatched again); rejected from any non-terminal state.
/// The allowed transitions are <see cref="JobTransitions"/>.
/// </summary>
public enum JobStatus
{
    Queued,
    Dispatched,
    Running,

    /// <summary>Not terminal: an attempt failed transiently and the next one is due at <see cref="JobRecord.RetryAt"/>.</summary>
    Retrying,
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
        JobStatus.Retrying => "retrying",
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
        "retrying" => JobStatus.Retrying,
        "succeeded" => JobStatus.Succeeded,
        "failed" => JobStatus.Failed,
        "timed_out" => JobStatus.TimedOut,
        "interrupted" => JobStatus.Interrupted,
        "rejected" => JobStatus.Rejected,
        _ => throw new FormatException($"Unknown job status '{value}'."),
    };

    public static bool IsTerminal(this JobStatus status) => JobTransitions.Terminal.Contains(status);
}
