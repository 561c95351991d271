using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Asr;

/// <summary>
/// Speech to words with timings (seconds from the start of the audio) and confidences in [0, 1].
/// Only the given regions are decoded (no text is produced for silence); implementations spread the regions
/// over their workers and return the words in time order.
/// </summary>
public interface ISpeechRecognizer
{
    EngineInfo Engine { get; }

    Task<IReadOnlyList<RecognizedWord>> RecognizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> regions, CancellationToken cancellationToken);

    /// <summary>
    /// Loads what decoding needs (models, decoders) ahead of <see cref="RecognizeAsync"/>, so the pipeline can
    /// overlap it with audio extraction and VAD. Optional: engines that load lazily need not override it.
    /// </summary>
    Task WarmUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
