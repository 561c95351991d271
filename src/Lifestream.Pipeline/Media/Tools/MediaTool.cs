namespace Lifestream.Pipeline.Media.Tools;

/// <summary>
/// The media executables the pipeline runs. ffmpeg and ffprobe are found on PATH or in
/// <see cref="MediaOptions.BinaryFolder"/>; <see cref="FrameDecoder"/> is ours, built with the pipeline and copied
/// next to its assemblies (a copy in <see cref="MediaOptions.BinaryFolder"/> or on PATH is used when that one is absent).
/// </summary>
public enum MediaTool
{
    Ffmpeg,
    Ffprobe,

    /// <summary><c>lifestream-frames</c> (Scenes/Native): the scene stage's decoder, see <see cref="Scenes.LibavFrameSource"/>.</summary>
    FrameDecoder,
}
