namespace Lifestream.Pipeline.Media.Tools;

/// <summary>The media executables the pipeline runs, found on PATH or in <see cref="MediaOptions.BinaryFolder"/>.</summary>
public enum MediaTool
{
    Ffmpeg,
    Ffprobe,
}
