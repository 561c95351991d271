namespace Lifestream.Pipeline.Scenes;

/// <summary>Decodes a video once into small frames, in decode order, with PTS-based times.</summary>
public interface IAnalysisFrameSource
{
    IAsyncEnumerable<AnalysisFrame> ReadAsync(string mediaPath, CancellationToken cancellationToken);
}
