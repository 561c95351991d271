using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Media;

/// <summary>The input media file does not exist.</summary>
public sealed class MediaNotFoundException(string path)
    : PipelineException("probe", $"Media file not found: '{path}'.")
{
    public string MediaPath { get; } = path;
}
