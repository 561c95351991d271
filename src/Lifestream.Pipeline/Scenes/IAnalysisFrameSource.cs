namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// Decodes a video once into small frames, in decode order, with PTS-based times. A frame's pixel buffer may be
/// reused for a later frame: it is valid until the next frame is requested (detectors convert it before that).
/// </summary>
public interface IAnalysisFrameSource
{
    IAsyncEnumerable<AnalysisFrame> ReadAsync(string mediaPath, CancellationToken cancellationToken);
}
