using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Media.Tools;

/// <summary>ffmpeg/ffprobe ran and exited with a non-zero code; <see cref="StandardErrorTail"/> holds its last (redacted) stderr lines.</summary>
public sealed class MediaToolFailedException(string stage, string tool, int exitCode, string standardErrorTail)
    : PipelineException(stage, $"{tool} exited with code {exitCode}: {standardErrorTail}")
{
    public string Tool { get; } = tool;

    public int ExitCode { get; } = exitCode;

    public string StandardErrorTail { get; } = standardErrorTail;
}
