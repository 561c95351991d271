using Lifestream.Core.Jobs;

namespace Lifestream.Core.Reconciliation;

/// <summary>
/// Which job statuses recovery treats as settled. <c>interrupted</c> and <c>timed_out</c> are written by a processor
/// that stopped early; they stay open until the reconciler or the sweeper retries the job or gives up on it.
/// </summary>
public static class RecoveryStatuses
{
    /// <summary>Statuses the sweeper's job index holds (sparse attribute present) and recovery may move on.</summary>
    public static IReadOnlyList<JobStatus> Open { get; } =
        [JobStatus.Queued, JobStatus.Dispatched, JobStatus.Running, JobStatus.Interrupted, JobStatus.TimedOut];

    public static bool IsOpen(JobStatus status) => Open.Contains(status);

    /// <summary>Succeeded, failed or rejected: nothing will move the job again on its own.</summary>
    public static bool IsSettled(JobStatus status) => !IsOpen(status);
}
