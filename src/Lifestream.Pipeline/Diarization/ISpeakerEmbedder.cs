using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Diarization;

/// <summary>One fixed-length voice embedding per window; comparable with cosine distance.</summary>
public interface ISpeakerEmbedder
{
    string Name { get; }

    Task<float[][]> EmbedAsync(AudioBuffer audio, IReadOnlyList<TimeRange> windows, CancellationToken cancellationToken);
}
