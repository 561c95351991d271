namespace Lifestream.Pipeline.Media.Tools;

/// <summary>How one run is wired: what is read from it and how long it may take.</summary>
public sealed record MediaToolRun
{
    /// <summary>The pipeline stage the run belongs to (named by the exceptions the runner throws).</summary>
    public required string Stage { get; init; }

    /// <summary>Redirect stdout for the caller to read (<see cref="MediaToolProcess.StandardOutput"/>); otherwise it is discarded.</summary>
    public bool ReadStandardOutput { get; init; }

    /// <summary>Keep stdin open for the caller to write (<see cref="MediaToolProcess.StandardInput"/>); otherwise it is closed at start.</summary>
    public bool WriteStandardInput { get; init; }

    /// <summary>
    /// Sees every stderr line as it arrives; returns true when the line was data for the caller (ffmpeg's
    /// showinfo lines) and so stays out of <see cref="MediaToolProcess.StandardErrorTail"/>.
    /// </summary>
    public Func<string, bool>? StandardErrorLine { get; init; }

    /// <summary>Kill the process tree after this long and throw <see cref="MediaToolTimedOutException"/>; null: no limit.</summary>
    public TimeSpan? Timeout { get; init; }
}
