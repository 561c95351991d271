using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Diarization;

/// <summary>Who spoke when: speaker turns inside the given speech regions, labels "S1", "S2", … in order of first appearance.</summary>
public interface IDiarizer
{
    EngineInfo Engine { get; }

    Task<IReadOnlyList<SpeakerTurn>> DiarizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> speechRegions, CancellationToken cancellationToken);
}
