namespace Lifestream.Core.Jobs;

/// <summary>What a job transition rule decided for the stored record.</summary>
public abstract record JobDecision
{
    private JobDecision()
    {
    }

    /// <summary>Write <paramref name="Next"/> (compare-and-swap on the version that was read).</summary>
    public sealed record Write(JobRecord Next) : JobDecision;

    /// <summary>
    /// The stored record already is the transition's target for this attempt (our earlier write, or a retry of
    /// it that applied): nothing to write, and the caller's transition counts as done.
    /// </summary>
    public sealed record AlreadyApplied(JobRecord Current) : JobDecision;

    /// <summary>The transition is not allowed from the stored record.</summary>
    public sealed record Refused(string Reason) : JobDecision;
}

/// <summary>Why an attempt ended without results, as recorded on the job (see <see cref="JobTransitions.FailAttempt"/>).</summary>
public sealed record AttemptFailure
{
    /// <summary><see cref="JobStatus.Retrying"/> (attempts left, transient cause) or a terminal failure status.</summary>
    public required JobStatus Status { get; init; }

    public required string Error { get; init; }

    /// <summary>Stage to blame; null leaves the stored stage.</summary>
    public string? Stage { get; init; }

    /// <summary>When <see cref="Status"/> is retrying: the earliest start of the next attempt.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Documents to point the job at (the failure report); null leaves the stored keys.</summary>
    public IReadOnlyList<string>? ResultKeys { get; init; }

    /// <summary>Stage timings so far; null leaves the stored timings.</summary>
    public IReadOnlyDictionary<string, double>? StageTimings { get; init; }
}

/// <summary>
/// The job state machine (docs/state-machines.md), pure so that every rule is testable on its own. Stores call
/// these rules on the record they read and write the result with a compare-and-swap; no other code decides which
/// status may follow which. Writes of an attempt are fenced by the job's <see cref="JobRecord.Attempts"/>: once a
/// newer attempt is recorded, an older one can change nothing. Terminal statuses are never left.
/// </summary>
public static class JobTransitions
{
    /// <summary>No transition leaves these.</summary>
    public static IReadOnlySet<JobStatus> Terminal { get; } = new HashSet<JobStatus>
    {
        JobStatus.Succeeded, JobStatus.Failed, JobStatus.TimedOut, JobStatus.Interrupted, JobStatus.Rejected,
    };

    /// <summary>Not terminal: some attempt is due, launched or working (what the sweeper watches).</summary>
    public static IReadOnlySet<JobStatus> NonTerminal { get; } = new HashSet<JobStatus>
    {
        JobStatus.Queued, JobStatus.Dispatched, JobStatus.Running, JobStatus.Retrying,
    };

    /// <summary>A task was launched and may be working.</summary>
    public static IReadOnlySet<JobStatus> Live { get; } = new HashSet<JobStatus> { JobStatus.Dispatched, JobStatus.Running };

    /// <summary>Terminal statuses an attempt may end a job in without results (rejected: the upload is over a limit).</summary>
    public static IReadOnlySet<JobStatus> TerminalFailures { get; } = new HashSet<JobStatus>
    {
        JobStatus.Failed, JobStatus.TimedOut, JobStatus.Interrupted, JobStatus.Rejected,
    };

    /// <summary>Before any task started (invalid processor settings may fail these).</summary>
    public static IReadOnlySet<JobStatus> Unstarted { get; } = new HashSet<JobStatus> { JobStatus.Queued, JobStatus.Dispatched, JobStatus.Retrying };

    /// <summary>
    /// The dispatcher recorded a launched task for <paramref name="attempt"/>. Never resurrects a terminal job, never
    /// moves back an attempt that is already running (it only adds the task ARN), never overwrites a newer attempt.
    /// </summary>
    public static JobDecision Dispatch(JobRecord current, int attempt, string taskArn, string etag, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (RefuseOldOrTerminal(current, attempt) is { } refused)
        {
            return refused;
        }

        var sameAttempt = current.Attempts == attempt;
        if (sameAttempt && current.Status is JobStatus.Dispatched or JobStatus.Running
            && string.Equals(current.TaskArn, taskArn, StringComparison.Ordinal))
        {
            return new JobDecision.AlreadyApplied(current);
        }

        // The task of this attempt may already have started (or even failed transiently) before the dispatcher got
        // round to recording it: then only the task ARN is added.
        var status = sameAttempt && current.Status is JobStatus.Running or JobStatus.Retrying ? current.Status : JobStatus.Dispatched;
        return new JobDecision.Write(current with
        {
            Status = status,
            Attempts = attempt,
            TaskArn = taskArn,
            ETag = etag,
            RetryAt = status == JobStatus.Retrying ? current.RetryAt : null,
            UpdatedAt = now,
        });
    }

    /// <summary>The processor of <paramref name="attempt"/> (which owns the claim) starts working.</summary>
    public static JobDecision Start(JobRecord current, int attempt, string stage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (RefuseOldOrTerminal(current, attempt) is { } refused)
        {
            return refused;
        }

        if (current.Status == JobStatus.Running && current.Attempts == attempt)
        {
            return new JobDecision.AlreadyApplied(current);
        }

        return new JobDecision.Write(current with
        {
            Status = JobStatus.Running,
            Attempts = attempt,
            CurrentStage = stage,
            RetryAt = null,
            UpdatedAt = now,
        });
    }

    /// <summary>Stage and timings of the running attempt; ignored once the job moved on.</summary>
    public static JobDecision Progress(JobRecord current, int attempt, string stage, IReadOnlyDictionary<string, double> timings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!Live.Contains(current.Status) || current.Attempts != attempt)
        {
            return new JobDecision.Refused($"job is {Describe(current)}, not running attempt {attempt}");
        }

        return new JobDecision.Write(current with { Status = JobStatus.Running, CurrentStage = stage, StageTimings = timings, UpdatedAt = now });
    }

    /// <summary>The running attempt published its results.</summary>
    public static JobDecision Succeed(JobRecord current, int attempt, IReadOnlyList<string> resultKeys, IReadOnlyDictionary<string, double> timings, string stage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Status == JobStatus.Succeeded && current.Attempts == attempt)
        {
            return new JobDecision.AlreadyApplied(current);
        }

        if (!Live.Contains(current.Status) || current.Attempts != attempt)
        {
            return new JobDecision.Refused($"job is {Describe(current)}, not running attempt {attempt}");
        }

        return new JobDecision.Write(current with
        {
            Status = JobStatus.Succeeded,
            CurrentStage = stage,
            ResultKeys = resultKeys,
            StageTimings = timings,
            Error = null,
            RetryAt = null,
            UpdatedAt = now,
        });
    }

    /// <summary>
    /// Attempt <paramref name="attempt"/> ended without results: retrying (attempts left, transient cause) or terminal.
    /// Recorded by its processor, by the dispatcher after a failed launch, or by the reconciler for a stopped task.
    /// </summary>
    public static JobDecision FailAttempt(JobRecord current, int attempt, AttemptFailure failure, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(failure);
        if (failure.Status != JobStatus.Retrying && !TerminalFailures.Contains(failure.Status))
        {
            throw new ArgumentException($"An attempt cannot end a job as {failure.Status.ToWire()}.", nameof(failure));
        }

        if (current.Status == failure.Status && current.Attempts == attempt)
        {
            return new JobDecision.AlreadyApplied(current);
        }

        if (RefuseOldOrTerminal(current, attempt) is { } refused)
        {
            return refused;
        }

        return new JobDecision.Write(current with
        {
            Status = failure.Status,
            Attempts = attempt,
            CurrentStage = failure.Stage ?? current.CurrentStage,
            Error = failure.Error,
            RetryAt = failure.Status == JobStatus.Retrying ? failure.RetryAt : null,
            ResultKeys = failure.ResultKeys ?? current.ResultKeys,
            StageTimings = failure.StageTimings ?? current.StageTimings,
            UpdatedAt = now,
        });
    }

    /// <summary>The object is missing: permanently unprocessable.</summary>
    public static JobDecision Reject(JobRecord current, string reason, DateTimeOffset now) =>
        EndWithoutAttempt(current, JobStatus.Rejected, NonTerminal, reason, stage: null, now);

    /// <summary>The dispatcher found the claim exhausted or abandoned: the job ends failed.</summary>
    public static JobDecision GiveUp(JobRecord current, string reason, DateTimeOffset now) =>
        EndWithoutAttempt(current, JobStatus.Failed, NonTerminal, reason, stage: null, now);

    /// <summary>The processor's environment was unusable, so no attempt could start.</summary>
    public static JobDecision FailUnstarted(JobRecord current, string reason, string stage, DateTimeOffset now) =>
        EndWithoutAttempt(current, JobStatus.Failed, Unstarted, reason, stage, now);

    private static JobDecision EndWithoutAttempt(
        JobRecord current, JobStatus status, IReadOnlySet<JobStatus> from, string reason, string? stage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (current.Status == status)
        {
            return new JobDecision.AlreadyApplied(current);
        }

        if (!from.Contains(current.Status))
        {
            return new JobDecision.Refused($"job is {Describe(current)}");
        }

        return new JobDecision.Write(current with
        {
            Status = status,
            Error = reason,
            CurrentStage = stage ?? current.CurrentStage,
            RetryAt = null,
            UpdatedAt = now,
        });
    }

    private static JobDecision.Refused? RefuseOldOrTerminal(JobRecord current, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (Terminal.Contains(current.Status))
        {
            return new JobDecision.Refused($"job is {Describe(current)} (terminal)");
        }

        return current.Attempts > attempt
            ? new JobDecision.Refused($"job is {Describe(current)}: attempt {current.Attempts} supersedes attempt {attempt}")
            : null;
    }

    private static string Describe(JobRecord job) => $"{job.Status.ToWire()} (attempt {job.Attempts})";
}
