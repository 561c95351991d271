using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Media.Tools;

/// <summary>The ffmpeg/ffprobe executable could not be started (not installed, not on PATH, not in the binary folder).</summary>
public sealed class MediaToolMissingException(string stage, string tool, Exception inner)
    : PipelineException(stage, $"Cannot start '{tool}'. Install ffmpeg (Debian: apt-get install ffmpeg) or set MediaOptions.BinaryFolder.", inner)
{
    public string Tool { get; } = tool;
}
