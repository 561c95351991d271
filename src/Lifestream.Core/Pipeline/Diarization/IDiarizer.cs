using Lifestream.Core.Pipeline.Media;
using Lifestream.Core.Pipeline.Model;

namespace Lifestream.Core.Pipeline.Diarization;

/// <summary>Who spoke when: speaker turns inside the given speech regions, labels "S1", "S2", … in order of first appearance.</summary>
public interface IDiarizer
{
    EngineInfo Engine { get; }

    Task<IReadOnlyList<SpeakerTurn>> DiarizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> speechRegions, CancellationToken cancellationToken);
}
