using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Media.Tools;

/// <summary>ffmpeg/ffprobe did not finish within its run's timeout; its process tree was killed.</summary>
public sealed class MediaToolTimedOutException(string stage, string tool, TimeSpan timeout, string standardErrorTail)
    : PipelineException(stage, $"{tool} did not finish within {timeout.TotalSeconds:0.###} s and was stopped: {standardErrorTail}")
{
    public string Tool { get; } = tool;

    public TimeSpan Timeout { get; } = timeout;
}
