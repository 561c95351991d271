using Lifestream.Evaluation;
using Lifestream.Pipeline.Diarization;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Vad;
using Lifestream.Tests.Unit.Pipeline.Speech;

namespace Lifestream.Tests.Unit.Evaluation;

public sealed class DiarizationCorpusTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Uem_parses_files_and_regions_and_names_a_bad_line()
    {
        var parsed = Uem.Parse(";; comment\na 1 0.000 30.000\nb NA 1.5 4\nb NA 6 9.25\n");

        Assert.Equal([new TimeRange(0, 30)], parsed["a"]);
        Assert.Equal([new TimeRange(1.5, 4), new TimeRange(6, 9.25)], parsed["b"]);
        var again = Uem.Parse(Uem.Format(parsed));
        Assert.Equal(parsed["b"], again["b"]);
        Assert.Contains("line 2", Assert.Throws<FormatException>(() => Uem.Parse("a 1 0 30\na 1 9 3\n")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rttm_parse_files_keeps_each_file_apart()
    {
        var files = Rttm.ParseFiles(Rttm.Format("x", [new SpeakerTurn("A", 0, 1)]) + Rttm.Format("y", [new SpeakerTurn("A", 2, 3), new SpeakerTurn("B", 3, 4)]));

        Assert.Equal([new SpeakerTurn("A", 0, 1)], files["x"]);
        Assert.Equal(2, files["y"].Count);
    }

    [Fact]
    public void Uem_limits_the_scored_time()
    {
        // Reference A 0–10, B 10–20; hypothesis all S1. Scoring only 0–5 and 12–14 leaves 5 s of A (correct) and 2 s of B (confused).
        SpeakerTurn[] reference = [new("A", 0, 10), new("B", 10, 20)];

        var result = DiarizationErrorRate.Compute(reference, [new SpeakerTurn("S1", 0, 20), new SpeakerTurn("S2", 25, 26)], collar: 0, [new TimeRange(0, 5), new TimeRange(12, 14)]);

        Assert.Equal(7, result.ScoredSpeech, 9);
        Assert.Equal(2, result.Confusion, 9);
        Assert.Equal(0, result.FalseAlarm, 9);
    }

    [Fact]
    public void Speaker_mapping_counts_collar_time_as_md_eval_does()
    {
        // A speaks in six 0.6 s turns, so most of its time (3.6 s) is inside collars (0.6 s scored); B one long turn.
        // H covers all of A and 2.5 s of B (2.25 s scored). Mapped on scored time only, H would be B; mapped on all
        // time (md-eval), H is A, and B's scored time under H is confusion.
        var reference = new List<SpeakerTurn>();
        for (var i = 0; i < 6; i++)
        {
            reference.Add(new SpeakerTurn("A", i, i + 0.6));
        }

        reference.Add(new SpeakerTurn("B", 10, 20));
        SpeakerTurn[] hypothesis = [new("H", 0, 6), new("H", 10, 12.5)];

        var result = DiarizationErrorRate.Compute(reference, hypothesis, collar: 0.25);

        Assert.Equal(2.25, result.Confusion, 6);
        Assert.Equal(19.75 - 12.5, result.MissedSpeech, 6);
    }

    [Fact]
    public void Sum_adds_times_over_files()
    {
        var total = DerResult.Sum([new DerResult(10, 1, 2, 3, 2, 3), new DerResult(30, 3, 0, 1, 4, 4)]);

        Assert.Equal(new DerResult(40, 4, 2, 4, 6, 7), total);
        Assert.Equal(10.0 / 40, total.Rate, 12);
    }

    [Fact]
    public async Task Loading_a_missing_corpus_or_audio_says_which()
    {
        var missing = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => DiarizationCorpus.LoadAsync(Path.Combine(temp.Path, "nope"), null, null, CancellationToken.None));
        Assert.Contains("nope", missing.Message, StringComparison.Ordinal);

        var noRttm = await Assert.ThrowsAsync<FileNotFoundException>(() => DiarizationCorpus.LoadAsync(temp.Path, null, null, CancellationToken.None));
        Assert.Contains("RTTM", noRttm.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(temp.Path, "ref.rttm"), Rttm.Format("clip", [new SpeakerTurn("A", 0, 1)]));
        var noAudio = await Assert.ThrowsAsync<FileNotFoundException>(() => DiarizationCorpus.LoadAsync(temp.Path, null, null, CancellationToken.None));
        Assert.Contains("clip.wav", noAudio.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluator_scores_every_file_and_writes_one_rttm()
    {
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "set.rttm"), Rttm.Format("b", [new SpeakerTurn("X", 1, 3), new SpeakerTurn("Y", 3, 5)]) + Rttm.Format("a", [new SpeakerTurn("X", 0, 4)]));
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "set.uem"), "a 1 0 10\nb 1 0 10\n");
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "a.wav"), string.Empty);
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "b.wav"), string.Empty);
        var corpus = await DiarizationCorpus.LoadAsync(temp.Path, null, null, CancellationToken.None);
        int? requested = -1;
        var evaluator = new DiarizationEvaluator(new SilentExtractor(), new FixedVad([new TimeRange(0, 4)]), count =>
        {
            requested = count;
            return new OneSpeakerDiarizer();
        });

        var report = await evaluator.EvaluateAsync(corpus, new DiarizationEvaluationOptions { CollarSeconds = 0, OracleSpeech = true, OracleSpeakerCount = true }, temp.Path, CancellationToken.None);

        Assert.Equal(["a", "b"], report.Files.Select(f => f.FileId));
        Assert.Equal(2, requested);
        Assert.Equal(0, report.Files[0].Der.Rate, 9);
        Assert.Equal([new TimeRange(1, 5)], report.Files[1].SpeechRegions);
        Assert.Equal(2.0 / 8, report.Overall.Rate, 9);
        Assert.Equal(1, report.ExactSpeakerCounts);
        Assert.Contains("OVERALL", report.ToTable(), StringComparison.Ordinal);
        Assert.Equal(Rttm.Format("a", [new SpeakerTurn("S1", 0, 4)]) + Rttm.Format("b", [new SpeakerTurn("S1", 1, 5)]), report.ToRttm());
        Assert.All(report.Files, f => Assert.Equal(10, f.AudioSeconds, 9));
        Assert.All(report.Files, f => Assert.InRange(f.DiarizationSeconds, 0, 60));
    }

    [Fact]
    public void The_report_gives_the_diarization_real_time_factor_over_all_files()
    {
        var der = new DerResult(1, 0, 0, 0, 1, 1);
        var report = new DiarizationEvaluationReport(
            [new DiarizationFileScore("a", der, [], [], AudioSeconds: 10, DiarizationSeconds: 1), new DiarizationFileScore("b", der, [], [], AudioSeconds: 30, DiarizationSeconds: 3)],
            new DiarizationEvaluationOptions());

        Assert.Equal(0.1, report.DiarizationRealTimeFactor, 9);
        Assert.Contains("diarization 4.000 s for 40.0 s of audio: real-time factor 0.1000", report.ToTable(), StringComparison.Ordinal);
        Assert.Equal(0, new DiarizationEvaluationReport([], new DiarizationEvaluationOptions()).DiarizationRealTimeFactor);
    }

    private sealed class SilentExtractor : IAudioExtractor
    {
        public int SampleRate => 16_000;

        public Task<AudioBuffer> ExtractAsync(string mediaPath, double expectedDurationSeconds, CancellationToken cancellationToken) => Task.FromResult(new AudioBuffer(new float[16_000 * 10], SampleRate));

        public Task<AudioBuffer> ExtractToFileAsync(string mediaPath, string pcmPath, CancellationToken cancellationToken) => ExtractAsync(mediaPath, 10, cancellationToken);
    }

    private sealed class FixedVad(IReadOnlyList<TimeRange> regions) : IVoiceActivityDetector
    {
        public EngineInfo Engine { get; } = new("vad", "fixed", "1", new Dictionary<string, string>());

        public Task<IReadOnlyList<TimeRange>> DetectAsync(AudioBuffer audio, CancellationToken cancellationToken) => Task.FromResult(regions);
    }

    private sealed class OneSpeakerDiarizer : IDiarizer
    {
        public EngineInfo Engine { get; } = new("diarization", "one", "1", new Dictionary<string, string>());

        public Task<IReadOnlyList<SpeakerTurn>> DiarizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> speechRegions, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<SpeakerTurn>>(speechRegions.Select(r => new SpeakerTurn("S1", r.Start, r.End)).ToList());
    }
}
