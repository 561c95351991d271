namespace Lifestream.Pipeline.Orchestration;

/// <summary>Stage names the orchestrator reports (the branches report their own sub-stages too).</summary>
public static class PipelineStages
{
    public const string Probe = "probe";

    /// <summary>
    /// Streaming intake only: the full probe (integrity checks, size) of the downloaded file, after "probe" read
    /// the stream facts from the URL. Its facts must match the URL's.
    /// </summary>
    public const string Verify = "verify";

    /// <summary>The whole audio branch (extraction, VAD, ASR, diarization) as one wall time.</summary>
    public const string Speech = "speech";

    /// <summary>The whole video branch (scene detection, keyframes) as one wall time.</summary>
    public const string Video = "video";

    public const string Chunking = "chunking";
    public const string Summary = "summary";
    public const string Documents = "documents";
    public const string Total = "total";
}
