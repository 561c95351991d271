using Lifestream.Core.Pipeline.Media;
using Lifestream.Core.Pipeline.Model;

namespace Lifestream.Core.Pipeline.Vad;

/// <summary>Finds the speech regions of an audio buffer.</summary>
public interface IVoiceActivityDetector
{
    EngineInfo Engine { get; }

    Task<IReadOnlyList<TimeRange>> DetectAsync(AudioBuffer audio, CancellationToken cancellationToken);
}
