using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Asr;
using Lifestream.Pipeline.Attribution;
using Lifestream.Pipeline.Diarization;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Vad;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Pipeline.Speech;

/// <summary>Composes a <see cref="SpeechAnalyzer"/> from options (what hosts call).</summary>
public static class SpeechAnalyzerFactory
{
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    /// <exception cref="ModelFiles.ModelFileException">The Whisper model failed verification and no fallback is configured.</exception>
    public static async Task<SpeechAnalyzer> CreateAsync(SpeechAnalyzerOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var diarizer = CreateDiarizer(options.Diarization);
        var vad = new SileroVoiceActivityDetector(options.Vad);
        var attributor = new SpeakerAttributor(options.Attribution);
        var extractor = new FfmpegAudioExtractor(options.Media);
        var (recognizer, warning) = await SpeechRecognizerFactory.CreateAsync(options.Asr, logger, cancellationToken);
        return new SpeechAnalyzer(extractor, vad, recognizer, diarizer, attributor, logger, warning is null ? [] : [warning]);
    }

    /// <summary>The diarizer the analyzer runs (also what `lifestream eval diarization` scores).</summary>
    public static ClusteringDiarizer CreateDiarizer(DiarizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalidArgument();
        return options.EmbeddingModelPath is null
            ? new ClusteringDiarizer(options, new MfccStatisticsEmbedder())
            : new ClusteringDiarizer(options, new OnnxSpeakerEmbedder(new ModelFiles.PinnedModelFile(options.EmbeddingModelPath, options.EmbeddingModelSha256!, options.EmbeddingModelSizeBytes!.Value, "DiarizationOptions.EmbeddingModelPath")));
    }
}
