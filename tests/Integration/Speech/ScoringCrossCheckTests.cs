using Lifestream.Evaluation;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Integration.Speech;

/// <summary>Our WER and DER agree with NIST sctk (sclite, md-eval.pl) on the real outputs and on perturbed cases.</summary>
[Collection(SpeechEvaluationCollection.Name)]
public sealed class ScoringCrossCheckTests(SpeechEvaluationFixture evaluation) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("lifestream-sctk-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Wer_matches_sclite_on_the_fixture_transcripts()
    {
        Sctk.Require();
        var utterances = new List<(string Id, string Reference, string Hypothesis)>();
        foreach (var fixture in evaluation.Report.Fixtures)
        {
            var manifest = await FixtureManifest.LoadAsync(TestFixtures.Fixture(fixture.Name), CancellationToken.None);
            var recognized = fixture.Result.Segments.SelectMany(s => s.Words).OrderBy(w => w.Start).Select(w => w.Text);
            utterances.Add((fixture.Name, string.Join(' ', manifest.Turns.Select(t => t.Text)), string.Join(' ', recognized)));
        }

        // Hand-made cases too, so each error kind is exercised.
        utterances.Add(("case1", "the cat sat on the mat", "the cat sat in mat today"));
        utterances.Add(("case2", "one two three four", "zero one two four five six"));

        // sclite aligns with weighted costs (sub 4, del/ins 3); with the same weights our counts must be its counts,
        // and our default unit-cost WER (the edit distance) can only be lower or equal.
        var ours = utterances.Select(u => WordErrorRate.Compute(u.Reference, u.Hypothesis, AlignmentCosts.Sclite)).Aggregate(WerResult.Zero, WerResult.Add);
        var unit = utterances.Select(u => WordErrorRate.Compute(u.Reference, u.Hypothesis)).Aggregate(WerResult.Zero, WerResult.Add);
        var (sub, del, ins, words) = await Sclite(utterances);

        Assert.Equal(ours.ReferenceWords, words);
        Assert.True(unit.Errors <= ours.Errors);
        Assert.Equal(100.0 * ours.Substitutions / words, sub, 0.051);
        Assert.Equal(100.0 * ours.Deletions / words, del, 0.051);
        Assert.Equal(100.0 * ours.Insertions / words, ins, 0.051);
    }

    [Fact]
    public async Task Der_matches_md_eval_on_the_fixture_outputs()
    {
        Sctk.Require();
        foreach (var fixture in evaluation.Report.Fixtures)
        {
            var theirs = await MdEval(fixture.ReferenceTurns, fixture.Result.Turns, 0.25);

            Assert.Equal(100 * fixture.Der.Rate, theirs, 0.15);
        }
    }

    [Theory]
    [InlineData(1, 0.25)]
    [InlineData(2, 0.25)]
    [InlineData(3, 0)]
    [InlineData(4, 0)]
    public async Task Der_matches_md_eval_on_perturbed_hypotheses(int seed, double collar)
    {
        Sctk.Require();
        var reference = evaluation.Fixture("meeting-60s").ReferenceTurns;
        var random = new Random(seed);

        // Jitter boundaries, swap some labels, drop a turn and add a spurious one.
        var hypothesis = reference
            .Select(t => new SpeakerTurn(random.NextDouble() < 0.2 ? "X" + random.Next(3) : "H" + t.Speaker, t.Start + ((random.NextDouble() - 0.5) * 0.8), t.End + ((random.NextDouble() - 0.5) * 0.8)))
            .Where((_, i) => i != seed)
            .Append(new SpeakerTurn("H9", 56, 57.5))
            .ToList();

        var ours = DiarizationErrorRate.Compute(reference, hypothesis, collar);
        var theirs = await MdEval(reference, hypothesis, collar);

        Assert.Equal(100 * ours.Rate, theirs, 0.15);
    }

    private async Task<(double, double, double, int)> Sclite(List<(string Id, string Reference, string Hypothesis)> utterances)
    {
        var reference = Path.Combine(dir, "ref.trn");
        var hypothesis = Path.Combine(dir, "hyp.trn");

        // sclite scores the same normalised words as we do: lower case, punctuation removed.
        await File.WriteAllLinesAsync(reference, utterances.Select(u => $"{string.Join(' ', TranscriptNormalizer.Words(u.Reference))} ({u.Id})"));
        await File.WriteAllLinesAsync(hypothesis, utterances.Select(u => $"{string.Join(' ', TranscriptNormalizer.Words(u.Hypothesis))} ({u.Id})"));
        return await Sctk.ScliteAsync(reference, hypothesis);
    }

    private async Task<double> MdEval(IReadOnlyList<SpeakerTurn> reference, IReadOnlyList<SpeakerTurn> hypothesis, double collar)
    {
        var referencePath = Path.Combine(dir, "ref.rttm");
        var hypothesisPath = Path.Combine(dir, "hyp.rttm");
        await Rttm.WriteAsync(referencePath, "clip", reference, CancellationToken.None);
        await Rttm.WriteAsync(hypothesisPath, "clip", hypothesis.Where(t => t.End > t.Start), CancellationToken.None);
        return await Sctk.MdEvalAsync(referencePath, hypothesisPath, collar);
    }
}
