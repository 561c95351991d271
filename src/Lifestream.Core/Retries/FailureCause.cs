namespace Lifestream.Core.Retries;

/// <summary>
/// Why an attempt ended without results. <see cref="RetryPolicy"/> alone decides which causes are retried;
/// docs/state-machines.md has the table.
/// </summary>
public enum FailureCause
{
    /// <summary>Transient. RunTask failed, was throttled, or its outcome is unknown (cancelled at the deadline).</summary>
    LaunchFailed,

    /// <summary>Transient. The task never started (CannotPullContainerError, ResourceInitializationError, …).</summary>
    TaskFailedToStart,

    /// <summary>Transient. The platform stopped the task (host or Spot loss, scheduler, OOM kill, SIGKILL after stopTimeout).</summary>
    TaskStoppedByPlatform,

    /// <summary>Transient. SIGTERM reached the processor (ECS stop, Fargate maintenance).</summary>
    Interrupted,

    /// <summary>Transient. TASK_TIMEOUT_SECONDS elapsed: stalls (a hung read or engine) usually clear on a new task.</summary>
    TimedOut,

    /// <summary>Transient. A dependency throttled or failed (5xx, network) beyond the SDK's own retries.</summary>
    Throttled,

    /// <summary>Transient. The task exited without recording an outcome (crash, kill -9, unknown exit).</summary>
    TaskCrashed,

    /// <summary>Transient. An unexpected error inside the processor; bounded by MAX_ATTEMPTS like every transient cause.</summary>
    ProcessingError,

    /// <summary>Permanent. The object does not exist.</summary>
    ObjectMissing,

    /// <summary>Permanent. The key or job id is unsafe or malformed (refused by the settings contract).</summary>
    UnsafeKey,

    /// <summary>Permanent. The media cannot be read (not a video, corrupt, unsupported).</summary>
    UnreadableMedia,

    /// <summary>Permanent. The input exceeds a limit (size on the task's disk, token budget, …).</summary>
    OverLimits,

    /// <summary>Permanent for this version. The object changed after the claim; its new version has its own event and claim.</summary>
    SourceChanged,

    /// <summary>Permanent. The task's configuration is unusable (invalid settings, missing or corrupt model files).</summary>
    InvalidConfiguration,

    /// <summary>Permanent. The job is terminal or belongs to a newer attempt: no attempt of this claim can run it.</summary>
    JobNotRunnable,
}
