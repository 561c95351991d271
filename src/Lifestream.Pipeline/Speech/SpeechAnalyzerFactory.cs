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
        var embedder = CreateEmbedder(options.Diarization);
        var diarizer = new ClusteringDiarizer(options.Diarization, embedder);
        var vad = new SileroVoiceActivityDetector(options.Vad);
        var attributor = new SpeakerAttributor(options.Attribution);
        var extractor = new FfmpegAudioExtractor(options.Media);
        var (recognizer, warning) = await SpeechRecognizerFactory.CreateAsync(options.Asr, logger, cancellationToken);
        return new SpeechAnalyzer(extractor, vad, recognizer, diarizer, attributor, logger, warning is null ? [] : [warning]);
    }

    private static ISpeakerEmbedder CreateEmbedder(DiarizationOptions options)
    {
        options.Validate();
        return options.EmbeddingModelPath is null
            ? new MfccStatisticsEmbedder()
            : new OnnxSpeakerEmbedder(new ModelFiles.PinnedModelFile(options.EmbeddingModelPath, options.EmbeddingModelSha256!, options.EmbeddingModelSizeBytes!.Value, "DiarizationOptions.EmbeddingModelPath"));
    }
}
