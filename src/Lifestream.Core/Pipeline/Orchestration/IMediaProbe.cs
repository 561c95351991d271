using Lifestream.Core.Pipeline.Model;

namespace Lifestream.Core.Pipeline.Orchestration;

/// <summary>
/// Reads container/stream facts of the input. Implemented by the media stage (Pipeline/Media, ffprobe);
/// the orchestrator only consumes it. Throws for unreadable input.
/// </summary>
public interface IMediaProbe
{
    Task<MediaInfo> ProbeAsync(string mediaPath, CancellationToken cancellationToken);
}
