using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Reconciliation;

/// <summary>
/// Handles one ECS task state change (EventBridge → queue → dispatcher; locally the process launcher's report):
/// a STOPPED task's attempt, if it still owns its claim or left its job open, is failed and retried or given up
/// (<see cref="AttemptRecoveryRules"/>). Anything else is acknowledged with the reason.
/// </summary>
public sealed class TaskStopReconciler(AttemptRecovery recovery, ILogger<TaskStopReconciler> logger)
{
    private readonly AttemptRecovery recovery = recovery ?? throw new ArgumentNullException(nameof(recovery));
    private readonly ILogger<TaskStopReconciler> logger = logger ?? throw new ArgumentNullException(nameof(logger));

    public async Task<RecoveryResult> ReconcileAsync(TaskStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!change.IsStopped)
        {
            return new RecoveryResult(RecoveryResultKind.Ignored, $"task {change.TaskArn} is {change.LastStatus}, not STOPPED");
        }

        var attempt = StoppedAttempt.FromEnvironment(change.Environment, out var problem);
        if (attempt is null)
        {
            logger.LogWarning("Ignoring stop of task {TaskArn}: {Problem}", change.TaskArn, problem);
            return new RecoveryResult(RecoveryResultKind.Ignored, $"task {change.TaskArn}: {problem}");
        }

        var stop = AttemptStop.From(change);
        logger.LogInformation("Task {TaskArn} of job {JobId} attempt {Attempt} stopped: {Stop}", change.TaskArn, attempt.JobId, attempt.Attempt, stop.Reason);
        return await recovery.RecoverAsync(attempt, stop, cancellationToken).ConfigureAwait(false);
    }
}
