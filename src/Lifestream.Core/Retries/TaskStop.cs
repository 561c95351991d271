namespace Lifestream.Core.Retries;

/// <summary>
/// How a processor task stopped, as ECS reports it in a "Task State Change" event (<c>stopCode</c>,
/// <c>stoppedReason</c>, the essential container's <c>exitCode</c>) and as the local launcher reports a child's exit.
/// </summary>
public sealed record TaskStop(string? StopCode, string? StoppedReason, int? ExitCode)
{
    /// <summary>The processor's exit codes (<c>ProcessorExitCode</c>), repeated here so the mapping reads in one place.</summary>
    private const int ExitSuccess = 0;
    private const int ExitFailed = 1;
    private const int ExitInvalidSettings = 2;
    private const int ExitTimedOut = 124;
    private const int ExitSigKill = 137;
    private const int ExitInterrupted = 143;

    /// <summary>
    /// The cause of the stop, or null when the processor exited successfully. The processor writes its own outcome
    /// before exiting, so this matters when it could not (killed, never started, bookkeeping failed).
    /// </summary>
    public FailureCause? Classify()
    {
        if (string.Equals(StopCode, "TaskFailedToStart", StringComparison.Ordinal))
        {
            return FailureCause.TaskFailedToStart;
        }

        if (StoppedReason is { } reason && reason.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase))
        {
            return FailureCause.TaskStoppedByPlatform;
        }

        switch (ExitCode)
        {
            case ExitSuccess:
                return null;
            case ExitInvalidSettings:
                return FailureCause.InvalidConfiguration;
            case ExitTimedOut:
                return FailureCause.TimedOut;
            case ExitInterrupted:
                return FailureCause.Interrupted;
            case ExitFailed:
                return FailureCause.ProcessingError;
        }

        if (StopCode is "SpotInterruption" or "TerminationNotice" or "ServiceSchedulerInitiated" || ExitCode == ExitSigKill)
        {
            return FailureCause.TaskStoppedByPlatform;
        }

        return StopCode == "UserInitiated" ? FailureCause.Interrupted : FailureCause.TaskCrashed;
    }

    /// <summary>A one-line reason for the job record (no secrets: ECS reasons name images and resources only).</summary>
    public string Describe() =>
        $"task stopped ({StopCode ?? "no stop code"}; exit code {(ExitCode is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}): {StoppedReason ?? "no reason given"}";
}
