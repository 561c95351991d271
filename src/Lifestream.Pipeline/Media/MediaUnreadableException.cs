using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Media;

/// <summary>ffprobe or ffmpeg could not read the input (not a media file, corrupt, unsupported).</summary>
public sealed class MediaUnreadableException(string stage, string path, string reason, Exception? inner = null)
    : PipelineException(stage, $"Cannot read media '{path}': {reason}", inner)
{
    public string MediaPath { get; } = path;
}
