namespace Lifestream.Core.Processing;

/// <summary>
/// Exit codes of the processor task. ECS records them on the stopped task; the local process launcher
/// and the integration tests read them. Values follow shell conventions where one exists
/// (124 = timeout(1), 143 = 128 + SIGTERM).
/// </summary>
public enum ProcessorExitCode
{
    /// <summary>Results uploaded, job succeeded, claim processed; or the claim was already processed (nothing redone).</summary>
    Success = 0,

    /// <summary>The run failed: failure report uploaded, job failed, claim failed (retryable per dispatcher policy).</summary>
    Failed = 1,

    /// <summary>The environment contract was not met; every problem is listed in one message.</summary>
    InvalidSettings = 2,

    /// <summary>This task does not own the claim (a newer attempt does, or the lease was lost): nothing was written.</summary>
    ClaimNotOwned = 3,

    /// <summary>
    /// The upload exceeds one of its limits (size, duration, streams, pixels, channels): failure report uploaded, job
    /// rejected, claim processed with the report as its result, so no later delivery runs it again.
    /// </summary>
    Rejected = 4,

    /// <summary>TASK_TIMEOUT_SECONDS elapsed: work cancelled, job timed_out, claim failed.</summary>
    TimedOut = 124,

    /// <summary>SIGTERM (ECS stop): work cancelled, job interrupted, claim failed.</summary>
    Interrupted = 143,
}
