using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;

namespace Lifestream.Evaluation;

/// <summary>
/// Runs an <see cref="ISpeechAnalyzer"/> on fixture clips (folders with manifest.json, as fixtures/generate.sh
/// writes them) and scores it: DER with a 0.25 s collar against the reference turns (the speaker count is not
/// given to the analyzer), WER overall and per voice, wall time per stage. Optionally also WER on a Sphinx
/// test corpus (Debian pocketsphinx-testdata).
/// </summary>
public sealed class SpeechEvaluator
{
    private readonly ISpeechAnalyzer analyzer;
    private readonly IMediaProber prober;

    public SpeechEvaluator(ISpeechAnalyzer analyzer, IMediaProber prober)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(prober);
        this.analyzer = analyzer;
        this.prober = prober;
    }

    /// <param name="fixtureDirectory">One fixture folder (with manifest.json) or a folder of fixture folders (e.g. fixtures/).</param>
    /// <param name="sphinxCorpusDirectory">Optional Sphinx test corpus folder (transcription + wavs); skipped when null or absent.</param>
    public async Task<SpeechEvaluationReport> EvaluateAsync(string fixtureDirectory, string? sphinxCorpusDirectory, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fixtureDirectory);
        if (!Directory.Exists(fixtureDirectory))
        {
            throw new DirectoryNotFoundException($"Fixture directory not found: '{fixtureDirectory}'.");
        }

        var folders = File.Exists(Path.Combine(fixtureDirectory, FixtureManifest.FileName))
            ? [fixtureDirectory]
            : Directory.GetDirectories(fixtureDirectory).Where(d => File.Exists(Path.Combine(d, FixtureManifest.FileName))).Order(StringComparer.Ordinal).ToList();
        if (folders.Count == 0)
        {
            throw new InvalidDataException($"No fixture (folder with {FixtureManifest.FileName}) in '{fixtureDirectory}'.");
        }

        var fixtures = new List<FixtureSpeechScore>();
        foreach (var folder in folders)
        {
            fixtures.Add(await EvaluateFixtureAsync(folder, workDirectory, cancellationToken));
        }

        var corpora = new List<CorpusWerScore>();
        if (sphinxCorpusDirectory is not null && Directory.Exists(sphinxCorpusDirectory))
        {
            corpora.Add(await EvaluateCorpusAsync(sphinxCorpusDirectory, workDirectory, cancellationToken));
        }

        return new SpeechEvaluationReport(fixtures, corpora);
    }

    public async Task<FixtureSpeechScore> EvaluateFixtureAsync(string folder, string workDirectory, CancellationToken cancellationToken)
    {
        var manifest = await FixtureManifest.LoadAsync(folder, cancellationToken);
        var video = Path.Combine(folder, manifest.Video);
        var media = await prober.ProbeAsync(video, cancellationToken);
        var result = await analyzer.AnalyzeAsync(video, media, workDirectory, null, cancellationToken);

        var referenceTurns = manifest.Turns.Select(t => new SpeakerTurn(t.Speaker, t.Start, t.End)).ToList();
        var words = result.Segments.SelectMany(s => s.Words).OrderBy(w => w.Start).ToList();
        var wer = WordErrorRate.Compute(string.Join(' ', manifest.Turns.OrderBy(t => t.Start).Select(t => t.Text)), string.Join(' ', words.Select(w => w.Text)));
        var byVoice = manifest.Turns.GroupBy(t => t.Voice).ToDictionary(
            g => g.Key,
            g => g.OrderBy(t => t.Start).Select(t => WordErrorRate.Compute(t.Text, string.Join(' ', WordsInside(words, t)))).Aggregate(WerResult.Zero, WerResult.Add));

        return new FixtureSpeechScore
        {
            Name = manifest.Name,
            DurationSeconds = media.DurationSeconds,
            Der = DiarizationErrorRate.Compute(referenceTurns, result.Turns),
            Wer = wer,
            WerByVoice = byVoice,
            ReferenceSpeakers = referenceTurns.Select(t => t.Speaker).Distinct().Count(),
            EstimatedSpeakers = result.Speakers.Count,
            StageSeconds = result.StageTimings,
            ReferenceTurns = referenceTurns,
            Result = result,
        };
    }

    public async Task<CorpusWerScore> EvaluateCorpusAsync(string directory, string workDirectory, CancellationToken cancellationToken)
    {
        var total = WerResult.Zero;
        var items = await SphinxTranscriptionCorpus.LoadAsync(directory, cancellationToken);
        foreach (var (_, wav, reference) in items)
        {
            var media = await prober.ProbeAsync(wav, cancellationToken);
            var result = await analyzer.AnalyzeAsync(wav, media, workDirectory, null, cancellationToken);
            total += WordErrorRate.Compute(reference, string.Join(' ', result.Segments.SelectMany(s => s.Words).OrderBy(w => w.Start).Select(w => w.Text)));
        }

        return new CorpusWerScore(Path.GetFileName(directory.TrimEnd('/')), items.Count, total);
    }

    /// <summary>Recognised words whose midpoint lies in the reference turn (widened by 0.3 s for timing slack).</summary>
    private static IEnumerable<string> WordsInside(IReadOnlyList<RecognizedWord> words, FixtureTurn turn)
        => words.Where(w => (w.Start + w.End) / 2 >= turn.Start - 0.3 && (w.Start + w.End) / 2 <= turn.End + 0.3).Select(w => w.Text);
}
