using Lifestream.Evaluation;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Integration.Speech;

/// <summary>
/// Our multi-file DER with a UEM agrees with NIST md-eval.pl, item by item (scored speaker time, missed, false
/// alarm, speaker confusion), on generated corpora with overlapped speech, partial UEMs, extra and missing speakers.
/// </summary>
public sealed class DiarizationCorpusCrossCheckTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("lifestream-mdeval-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData(11, 0.25)]
    [InlineData(12, 0.25)]
    [InlineData(13, 0)]
    [InlineData(14, 0.5)]
    public async Task Corpus_der_matches_md_eval_with_a_uem(int seed, double collar)
    {
        Sctk.Require();
        var random = new Random(seed);
        var reference = new Dictionary<string, IReadOnlyList<SpeakerTurn>>();
        var hypothesis = new Dictionary<string, IReadOnlyList<SpeakerTurn>>();
        var uem = new Dictionary<string, IReadOnlyList<TimeRange>>();
        for (var f = 0; f < 3; f++)
        {
            var id = $"file{f}";
            reference[id] = RandomTurns(random, "R", speakers: 2 + f, seconds: 30);
            hypothesis[id] = Perturb(random, reference[id]);
            uem[id] = f == 1 ? [new TimeRange(0, 12.5), new TimeRange(15, 30)] : [new TimeRange(f, 30 - f)];
        }

        var referencePath = Path.Combine(dir, "ref.rttm");
        var hypothesisPath = Path.Combine(dir, "hyp.rttm");
        var uemPath = Path.Combine(dir, "all.uem");
        await File.WriteAllTextAsync(referencePath, string.Concat(reference.Select(kv => Rttm.Format(kv.Key, kv.Value))));
        await File.WriteAllTextAsync(hypothesisPath, string.Concat(hypothesis.Select(kv => Rttm.Format(kv.Key, kv.Value))));
        await File.WriteAllTextAsync(uemPath, Uem.Format(uem));

        // Scored from what was written (millisecond times), as md-eval sees it.
        var writtenReference = Rttm.ParseFiles(await File.ReadAllTextAsync(referencePath));
        var writtenHypothesis = Rttm.ParseFiles(await File.ReadAllTextAsync(hypothesisPath));
        var writtenUem = Uem.Parse(await File.ReadAllTextAsync(uemPath));
        var ours = DerResult.Sum(writtenReference.Keys.Select(id => DiarizationErrorRate.Compute(writtenReference[id], writtenHypothesis[id], collar, writtenUem[id])));
        var theirs = await Sctk.MdEvalWithUemAsync(referencePath, hypothesisPath, uemPath, collar);

        Assert.Equal(theirs.Scored, ours.ScoredSpeech, 0.02);
        Assert.Equal(theirs.Missed, ours.MissedSpeech, 0.02);
        Assert.Equal(theirs.FalseAlarm, ours.FalseAlarm, 0.02);
        Assert.Equal(theirs.Confusion, ours.Confusion, 0.02);
        Assert.Equal(theirs.DerPercent, 100 * ours.Rate, 0.06);
    }

    /// <summary>Turns of several speakers; about a third start inside the previous turn, so speech overlaps.</summary>
    private static List<SpeakerTurn> RandomTurns(Random random, string prefix, int speakers, double seconds)
    {
        var turns = new List<SpeakerTurn>();
        var time = random.NextDouble();
        while (time < seconds - 1)
        {
            var duration = 0.3 + (random.NextDouble() * 4);
            var end = Math.Min(seconds, time + duration);
            turns.Add(new SpeakerTurn($"{prefix}{random.Next(speakers)}", Math.Round(time, 3), Math.Round(end, 3)));
            time = random.NextDouble() < 0.35 ? time + (duration * random.NextDouble()) : end + (random.NextDouble() * 1.5);
        }

        return turns;
    }

    /// <summary>Jittered boundaries, relabelled (merged and split) speakers, a dropped turn, a spurious turn.</summary>
    private static List<SpeakerTurn> Perturb(Random random, IReadOnlyList<SpeakerTurn> reference)
    {
        var labels = reference.Select(t => t.Speaker).Distinct().Order(StringComparer.Ordinal).ToList();
        var hypothesis = new List<SpeakerTurn>();
        foreach (var turn in reference)
        {
            if (random.NextDouble() < 0.1)
            {
                continue;
            }

            var label = random.NextDouble() < 0.2 ? $"H{random.Next(labels.Count + 1)}" : $"H{labels.IndexOf(turn.Speaker)}";
            var start = Math.Max(0, turn.Start + ((random.NextDouble() - 0.5) * 0.8));
            var end = Math.Max(start + 0.05, turn.End + ((random.NextDouble() - 0.5) * 0.8));
            hypothesis.Add(new SpeakerTurn(label, Math.Round(start, 3), Math.Round(end, 3)));
        }

        hypothesis.Add(new SpeakerTurn("H9", 12.8, 14.6));
        return hypothesis;
    }
}
