using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Asr.Whisper;

/// <summary>
/// Whisper.net settings. The model is a ggml file whose size and SHA-256 are pinned in configuration: a corrupt
/// ggml file aborts the whole process inside whisper.cpp, so it is verified before the native load.
/// </summary>
public sealed record WhisperOptions : IValidatedOptions
{
    /// <summary>ggml model file (e.g. ggml-base.en.bin).</summary>
    public string ModelPath { get; init; } = string.Empty;

    /// <summary>Pinned SHA-256 (hex) of <see cref="ModelPath"/>.</summary>
    public string ModelSha256 { get; init; } = string.Empty;

    /// <summary>Pinned size in bytes of <see cref="ModelPath"/>.</summary>
    public long ModelSizeBytes { get; init; }

    /// <summary>Spoken language code, or "auto" for detection. Default "en".</summary>
    public string Language { get; init; } = "en";

    /// <summary>Regions decoded in parallel (one processor each). Default 1: whisper.cpp threads already use the cores.</summary>
    public int WorkerCount { get; init; } = 1;

    /// <summary>whisper.cpp threads per worker. Default: all cores.</summary>
    public int ThreadsPerWorker { get; init; } = Environment.ProcessorCount;

    /// <summary>Setting names as they appear in errors (configuration keys).</summary>
    public const string ModelPathSetting = "Asr:Whisper:ModelPath";
    public const string ModelSha256Setting = "Asr:Whisper:ModelSha256";
    public const string ModelSizeSetting = "Asr:Whisper:ModelSizeBytes";

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            problems.Add($"{ModelPathSetting} is not set: Whisper needs a ggml model file.");
        }

        if (ModelSha256.Length != 64 || !ModelSha256.All(Uri.IsHexDigit))
        {
            problems.Add($"{ModelSha256Setting} must be the 64-hex-digit SHA-256 of the model file; got '{ModelSha256}'.");
        }

        if (ModelSizeBytes <= 0)
        {
            problems.Add($"{ModelSizeSetting} must be the model file size in bytes; got {ModelSizeBytes}.");
        }

        if (string.IsNullOrWhiteSpace(Language))
        {
            problems.Add("Asr:Whisper:Language must be a language code or 'auto'.");
        }

        if (WorkerCount < 1 || ThreadsPerWorker < 1)
        {
            problems.Add($"Asr:Whisper:WorkerCount and ThreadsPerWorker must be at least 1; got {WorkerCount} and {ThreadsPerWorker}.");
        }

        return problems;
    }
}
