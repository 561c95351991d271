using Lifestream.Core.Configuration;
using Lifestream.Core.Uploads;
using Lifestream.Pipeline.Asr;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.ModelFiles;
using Lifestream.Pipeline.Scenes;
using Lifestream.Pipeline.Speech;
using Lifestream.Pipeline.Vad;

namespace Lifestream.Pipeline.Composition;

/// <summary>
/// Every pipeline setting, read from the environment the same way by both hosts (the processor task and
/// `lifestream process`). Defaults are the offline stack: pocketsphinx, Silero VAD from tools/models,
/// MFCC diarization with automatic speaker count, the content scene detector, the extractive summarizer.
/// </summary>
public sealed record PipelineConfiguration
{
    /// <summary>pocketsphinx (default) or whisper.</summary>
    public const string AsrEngineVariable = "LIFESTREAM_ASR_ENGINE";

    /// <summary>"true": when Whisper's model is missing or fails verification, log it and use pocketsphinx.</summary>
    public const string AsrFallbackVariable = "LIFESTREAM_ASR_FALLBACK";

    public const string WhisperModelVariable = "LIFESTREAM_WHISPER_MODEL";
    public const string WhisperSha256Variable = "LIFESTREAM_WHISPER_MODEL_SHA256";

    /// <summary>Pinned size in bytes; optional (the SHA-256 pin alone already fixes the content).</summary>
    public const string WhisperSizeVariable = "LIFESTREAM_WHISPER_MODEL_SIZE";

    public const string VadModelVariable = "LIFESTREAM_VAD_MODEL";
    public const string SpeakerModelVariable = "LIFESTREAM_SPEAKER_MODEL";
    public const string SpeakerModelSha256Variable = "LIFESTREAM_SPEAKER_MODEL_SHA256";

    /// <summary>Exact speaker count, or min/max bounds for the automatic estimate (as pyannote offers).</summary>
    public const string NumSpeakersVariable = "LIFESTREAM_NUM_SPEAKERS";
    public const string MinSpeakersVariable = "LIFESTREAM_MIN_SPEAKERS";
    public const string MaxSpeakersVariable = "LIFESTREAM_MAX_SPEAKERS";

    /// <summary>content (default) or adaptive.</summary>
    public const string SceneDetectorVariable = "LIFESTREAM_SCENE_DETECTOR";

    public SpeechAnalyzerOptions Speech { get; init; } = new();

    public SceneAnalyzerOptions Scenes { get; init; } = new();

    public ChunkingOptions Chunking { get; init; } = new();

    /// <summary>Reads the LIFESTREAM_* variables; throws <see cref="PipelineConfigurationException"/> listing every problem.</summary>
    public static PipelineConfiguration FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var reader = new EnvironmentReader(getVariable);
        var config = new PipelineConfiguration();
        var speech = config.Speech;

        var asr = speech.Asr with
        {
            Engine = reader.Choice(AsrEngineVariable, AsrEngine.PocketSphinx, new Dictionary<string, AsrEngine>(StringComparer.OrdinalIgnoreCase)
            {
                ["pocketsphinx"] = AsrEngine.PocketSphinx,
                ["whisper"] = AsrEngine.Whisper,
            }),
            FallBackToPocketSphinx = reader.Boolean(AsrFallbackVariable) ?? false,
        };
        if (reader.Optional(WhisperModelVariable) is { } whisperPath)
        {
            var size = reader.Int64OrNull(WhisperSizeVariable, 1, long.MaxValue)
                ?? (File.Exists(whisperPath) ? new FileInfo(whisperPath).Length : 0);
            asr = asr with { Whisper = asr.Whisper with { ModelPath = whisperPath, ModelSha256 = reader.Optional(WhisperSha256Variable)?.ToLowerInvariant() ?? string.Empty, ModelSizeBytes = size } };
        }

        var vad = speech.Vad;
        if (reader.Optional(VadModelVariable) is { } vadPath)
        {
            vad = vad with { ModelPath = vadPath };
        }
        else if (reader.Optional(ModelPaths.ModelsDirectoryVariable) is { } modelsDirectory)
        {
            vad = vad with { ModelPath = ModelPaths.Resolve(SileroVadModelPin.FileName, modelsDirectory) };
        }

        var diarization = speech.Diarization with
        {
            NumSpeakers = reader.Int32OrNull(NumSpeakersVariable, 1, int.MaxValue),
            MinSpeakers = reader.Int32OrNull(MinSpeakersVariable, 1, int.MaxValue) ?? speech.Diarization.MinSpeakers,
            MaxSpeakers = reader.Int32OrNull(MaxSpeakersVariable, 1, int.MaxValue) ?? speech.Diarization.MaxSpeakers,
        };
        if (reader.Optional(SpeakerModelVariable) is { } speakerPath)
        {
            diarization = diarization with
            {
                EmbeddingModelPath = speakerPath,
                EmbeddingModelSha256 = reader.Optional(SpeakerModelSha256Variable)?.ToLowerInvariant(),
                EmbeddingModelSizeBytes = File.Exists(speakerPath) ? new FileInfo(speakerPath).Length : null,
            };
        }

        var scenes = config.Scenes with
        {
            Detector = reader.Choice(SceneDetectorVariable, SceneDetectorKind.Content, new Dictionary<string, SceneDetectorKind>(StringComparer.OrdinalIgnoreCase)
            {
                ["content"] = SceneDetectorKind.Content,
                ["adaptive"] = SceneDetectorKind.Adaptive,
            }),
        };

        var limits = UploadLimits.Read(reader);

        reader.ThrowIfInvalid(problems => new PipelineConfigurationException(problems));
        return config with { Speech = speech with { Asr = asr, Vad = vad, Diarization = diarization, Media = speech.Media with { Limits = limits } }, Scenes = scenes };
    }
}
