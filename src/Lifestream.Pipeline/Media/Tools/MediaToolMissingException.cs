using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Media.Tools;

/// <summary>A media tool's executable could not be started (not installed, not on PATH, not in the binary folder).</summary>
public sealed class MediaToolMissingException(string stage, string tool, Exception inner)
    : PipelineException(stage, $"Cannot start '{tool}'. {HowToInstall(tool)}", inner)
{
    public string Tool { get; } = tool;

    private static string HowToInstall(string tool) => Path.GetFileName(tool) == MediaToolRunner.NameOf(MediaTool.FrameDecoder)
        ? "It is built with Lifestream.Pipeline when gcc, pkg-config and the libav* development packages are installed (scripts/setup.sh)."
        : "Install ffmpeg (Debian: apt-get install ffmpeg) or set MediaOptions.BinaryFolder.";
}
