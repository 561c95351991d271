namespace Lifestream.Core.Processing;

/// <summary>What one processor attempt has learnt so far, shared by intake, the pipeline run and finalisation.</summary>
internal sealed class AttemptRun(JobProgressRecorder recorder)
{
    public JobProgressRecorder Recorder { get; } = recorder;

    /// <summary>Set once this attempt took the claim (dispatched → running).</summary>
    public bool OwnsClaim { get; set; }

    public JobWorkspace? Workspace { get; set; }

    /// <summary>Set when the stage to blame is not the one that started last (a background download).</summary>
    public string? FailedStage { get; set; }
}
