using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Asr.PocketSphinx;

/// <summary>pocketsphinx model files (Debian pocketsphinx-en-us defaults) and parallelism.</summary>
public sealed record PocketSphinxOptions : IValidatedOptions
{
    public const string DebianModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Acoustic model directory (-hmm).</summary>
    public string AcousticModelPath { get; init; } = Path.Combine(DebianModelDirectory, "en-us");

    /// <summary>Language model (-lm).</summary>
    public string LanguageModelPath { get; init; } = Path.Combine(DebianModelDirectory, "en-us.lm.bin");

    /// <summary>Pronunciation dictionary (-dict).</summary>
    public string DictionaryPath { get; init; } = Path.Combine(DebianModelDirectory, "cmudict-en-us.dict");

    /// <summary>
    /// Run the flat-lexicon second pass (-fwdflat). Default false: measured here it costs ~30 % CPU and did not
    /// help (pocketsphinx-testdata WER 23.9 % without it, 29.6 % with it).
    /// </summary>
    public bool FlatLexiconSecondPass { get; init; }

    /// <summary>Gaussians scored per senone (-topn). Default 2 (pocketsphinx: 4); faster, same test-set WER here.</summary>
    public int TopGaussians { get; init; } = 2;

    /// <summary>Active HMMs per frame cap (-maxhmmpf). Default 3000 (pocketsphinx: 30000); bounds the search cost.</summary>
    public int MaxHmmsPerFrame { get; init; } = 3000;

    /// <summary>Word exits per frame cap (-maxwpf). Default 5 (pocketsphinx: −1, unbounded).</summary>
    public int MaxWordsPerFrame { get; init; } = 5;

    /// <summary>Decoders run in parallel, one region each; default: one per core.</summary>
    public int WorkerCount { get; init; } = Environment.ProcessorCount;

    /// <summary>Extra decoder arguments as name/value pairs (e.g. ["-lw", "7"]) appended last (they win over the settings above).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        RequireExists(problems, Directory.Exists(AcousticModelPath), nameof(AcousticModelPath), AcousticModelPath);
        RequireExists(problems, File.Exists(LanguageModelPath), nameof(LanguageModelPath), LanguageModelPath);
        RequireExists(problems, File.Exists(DictionaryPath), nameof(DictionaryPath), DictionaryPath);
        if (WorkerCount < 1)
        {
            problems.Add($"PocketSphinxOptions.WorkerCount must be at least 1; got {WorkerCount}.");
        }

        if (TopGaussians < 1 || MaxHmmsPerFrame < 100 || MaxWordsPerFrame < 1)
        {
            problems.Add($"PocketSphinxOptions.TopGaussians (≥ 1), MaxHmmsPerFrame (≥ 100) and MaxWordsPerFrame (≥ 1) are out of range: {TopGaussians}, {MaxHmmsPerFrame}, {MaxWordsPerFrame}.");
        }

        if (ExtraArguments.Count % 2 != 0)
        {
            problems.Add("PocketSphinxOptions.ExtraArguments must be name/value pairs.");
        }

        return problems;
    }

    /// <summary>The decoder command line (pairs of name and value).</summary>
    internal IReadOnlyList<string> ToArguments() =>
    [
        "-hmm", AcousticModelPath,
        "-lm", LanguageModelPath,
        "-dict", DictionaryPath,
        "-fwdflat", FlatLexiconSecondPass ? "yes" : "no",
        "-topn", TopGaussians.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-maxhmmpf", MaxHmmsPerFrame.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-maxwpf", MaxWordsPerFrame.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-logfn", "/dev/null",
        .. ExtraArguments,
    ];

    private static void RequireExists(List<string> problems, bool exists, string setting, string path)
    {
        if (!exists)
        {
            problems.Add($"PocketSphinxOptions.{setting} '{path}' does not exist (Debian: apt-get install pocketsphinx-en-us).");
        }
    }
}
