namespace Lifestream.Core.Pipeline;

/// <summary>
/// Streaming intake: the processor hands the pipeline a URL it can read the object from (an S3 presigned
/// GET) while the same object is still downloading to <see cref="PipelineRequest.MediaPath"/>. Stages that
/// read sequentially (audio extraction: ffmpeg -i URL) start on <see cref="Url"/> at once; stages that need
/// random access or several passes await <see cref="LocalFileReady"/> and use the local file.
/// </summary>
public sealed record StreamingIntake
{
    /// <summary>A time-limited GET URL (contains a signature: never log it unredacted).</summary>
    public required Uri Url { get; init; }

    /// <summary>
    /// Completes with <see cref="PipelineRequest.MediaPath"/> once the download finished and was verified;
    /// faults with the download's exception (the run then fails at the "download" stage).
    /// </summary>
    public required Task<string> LocalFileReady { get; init; }
}

/// <summary>
/// A pipeline that can start before the download finished. Opt-in and additive: the processor uses it only
/// for pipelines implementing it (and when LIFESTREAM_STREAMING_INTAKE is not "false"); every other
/// pipeline is called through <see cref="IVideoPipeline.RunAsync"/> with a complete local file.
/// In <see cref="RunStreamingAsync"/>, <see cref="PipelineRequest.MediaPath"/> is incomplete until
/// <see cref="StreamingIntake.LocalFileReady"/> completes.
/// </summary>
public interface IStreamingVideoPipeline : IVideoPipeline
{
    Task<PipelineResult> RunStreamingAsync(PipelineRequest request, StreamingIntake intake, IProgress<StageProgress>? progress, CancellationToken cancellationToken);
}
