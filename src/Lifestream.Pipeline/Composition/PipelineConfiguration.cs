using System.Globalization;
using Lifestream.Pipeline.Asr;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Scenes;
using Lifestream.Pipeline.Speech;

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
        string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value.Trim() : null;
        var problems = new List<string>();
        var config = new PipelineConfiguration();
        var speech = config.Speech;

        var engine = Get(AsrEngineVariable)?.ToLowerInvariant();
        var asr = speech.Asr with
        {
            Engine = engine switch
            {
                null or "pocketsphinx" => AsrEngine.PocketSphinx,
                "whisper" => AsrEngine.Whisper,
                _ => Problem(problems, $"{AsrEngineVariable}='{engine}' is not one of pocketsphinx, whisper.", AsrEngine.PocketSphinx),
            },
            FallBackToPocketSphinx = ParseBool(Get(AsrFallbackVariable), AsrFallbackVariable, problems) ?? false,
        };
        if (Get(WhisperModelVariable) is { } whisperPath)
        {
            var size = ParseLong(Get(WhisperSizeVariable), WhisperSizeVariable, problems)
                ?? (File.Exists(whisperPath) ? new FileInfo(whisperPath).Length : 0);
            asr = asr with { Whisper = asr.Whisper with { ModelPath = whisperPath, ModelSha256 = Get(WhisperSha256Variable)?.ToLowerInvariant() ?? string.Empty, ModelSizeBytes = size } };
        }

        var vad = speech.Vad;
        if (Get(VadModelVariable) is { } vadPath)
        {
            vad = vad with { ModelPath = vadPath };
        }

        var diarization = speech.Diarization with
        {
            NumSpeakers = ParseInt(Get(NumSpeakersVariable), NumSpeakersVariable, problems),
            MinSpeakers = ParseInt(Get(MinSpeakersVariable), MinSpeakersVariable, problems) ?? speech.Diarization.MinSpeakers,
            MaxSpeakers = ParseInt(Get(MaxSpeakersVariable), MaxSpeakersVariable, problems) ?? speech.Diarization.MaxSpeakers,
        };
        if (Get(SpeakerModelVariable) is { } speakerPath)
        {
            diarization = diarization with
            {
                EmbeddingModelPath = speakerPath,
                EmbeddingModelSha256 = Get(SpeakerModelSha256Variable)?.ToLowerInvariant(),
                EmbeddingModelSizeBytes = File.Exists(speakerPath) ? new FileInfo(speakerPath).Length : null,
            };
        }

        var scenes = config.Scenes with
        {
            Detector = Get(SceneDetectorVariable)?.ToLowerInvariant() switch
            {
                null or "content" => SceneDetectorKind.Content,
                "adaptive" => SceneDetectorKind.Adaptive,
                var other => Problem(problems, $"{SceneDetectorVariable}='{other}' is not one of content, adaptive.", SceneDetectorKind.Content),
            },
        };

        var limitsReader = new Lifestream.Core.Dispatching.EnvironmentReader(getVariable);
        var limits = Lifestream.Core.Uploads.UploadLimits.Read(limitsReader);
        problems.AddRange(limitsReader.Problems);

        if (problems.Count > 0)
        {
            throw new PipelineConfigurationException(problems);
        }

        return config with { Speech = speech with { Asr = asr, Vad = vad, Diarization = diarization, Media = speech.Media with { Limits = limits } }, Scenes = scenes };
    }

    private static T Problem<T>(List<string> problems, string problem, T fallback)
    {
        problems.Add(problem);
        return fallback;
    }

    private static bool? ParseBool(string? value, string name, List<string> problems) => value?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => Problem<bool?>(problems, $"{name}='{value}' is not true or false.", null),
    };

    private static int? ParseInt(string? value, string name, List<string> problems) =>
        value is null ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : Problem<int?>(problems, $"{name}='{value}' is not a positive whole number.", null);

    private static long? ParseLong(string? value, string name, List<string> problems) =>
        value is null ? null
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : Problem<long?>(problems, $"{name}='{value}' is not a positive whole number.", null);
}

/// <summary>Pipeline settings are invalid; the message lists every problem, each naming its variable.</summary>
public sealed class PipelineConfigurationException : Exception
{
    public PipelineConfigurationException()
    {
        Problems = [];
    }

    public PipelineConfigurationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public PipelineConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public PipelineConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid pipeline settings: " + string.Join(" ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; }
}
