namespace Lifestream.Core.Pipeline.Asr.PocketSphinx;

/// <summary>pocketsphinx model files (Debian pocketsphinx-en-us defaults) and parallelism.</summary>
public sealed record PocketSphinxOptions
{
    public const string DebianModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Acoustic model directory (-hmm).</summary>
    public string AcousticModelPath { get; init; } = Path.Combine(DebianModelDirectory, "en-us");

    /// <summary>Language model (-lm).</summary>
    public string LanguageModelPath { get; init; } = Path.Combine(DebianModelDirectory, "en-us.lm.bin");

    /// <summary>Pronunciation dictionary (-dict).</summary>
    public string DictionaryPath { get; init; } = Path.Combine(DebianModelDirectory, "cmudict-en-us.dict");

    /// <summary>Decoders run in parallel, one region each; default: one per core.</summary>
    public int WorkerCount { get; init; } = Environment.ProcessorCount;

    /// <summary>Extra decoder arguments as name/value pairs (e.g. ["-lw", "7"]) appended after the model paths.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    public void Validate()
    {
        RequireExists(Directory.Exists(AcousticModelPath), nameof(AcousticModelPath), AcousticModelPath);
        RequireExists(File.Exists(LanguageModelPath), nameof(LanguageModelPath), LanguageModelPath);
        RequireExists(File.Exists(DictionaryPath), nameof(DictionaryPath), DictionaryPath);
        if (WorkerCount < 1)
        {
            throw new ArgumentException($"PocketSphinxOptions.WorkerCount must be at least 1; got {WorkerCount}.", nameof(WorkerCount));
        }

        if (ExtraArguments.Count % 2 != 0)
        {
            throw new ArgumentException("PocketSphinxOptions.ExtraArguments must be name/value pairs.", nameof(ExtraArguments));
        }
    }

    private static void RequireExists(bool exists, string setting, string path)
    {
        if (!exists)
        {
            throw new ArgumentException($"PocketSphinxOptions.{setting} '{path}' does not exist (Debian: apt-get install pocketsphinx-en-us).", setting);
        }
    }
}
