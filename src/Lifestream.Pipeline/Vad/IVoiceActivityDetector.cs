using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Vad;

/// <summary>Finds the speech regions of an audio buffer.</summary>
public interface IVoiceActivityDetector
{
    EngineInfo Engine { get; }

    Task<IReadOnlyList<TimeRange>> DetectAsync(AudioBuffer audio, CancellationToken cancellationToken);
}
