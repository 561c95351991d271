using Lifestream.Core.Pipeline.Media;
using Lifestream.Core.Pipeline.Model;

namespace Lifestream.Core.Pipeline.Diarization;

/// <summary>One fixed-length voice embedding per window; comparable with cosine distance.</summary>
public interface ISpeakerEmbedder
{
    string Name { get; }

    Task<float[][]> EmbedAsync(AudioBuffer audio, IReadOnlyList<TimeRange> windows, CancellationToken cancellationToken);
}
