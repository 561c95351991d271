using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Media;

/// <summary>Reads container and stream facts of a media file.</summary>
public interface IMediaProber
{
    /// <exception cref="MediaNotFoundException">The file does not exist.</exception>
    /// <exception cref="MediaUnreadableException">ffprobe cannot read it.</exception>
    Task<MediaInfo> ProbeAsync(string mediaPath, CancellationToken cancellationToken);
}
