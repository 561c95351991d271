using System.Globalization;
using System.Text;
using Lifestream.Pipeline.Model;

namespace Lifestream.Evaluation;

/// <summary>Scores of one fixture clip.</summary>
public sealed record FixtureSpeechScore
{
    public required string Name { get; init; }

    public required double DurationSeconds { get; init; }

    public required DerResult Der { get; init; }

    public required WerResult Wer { get; init; }

    /// <summary>WER per synthetic voice: reference words of that voice's turns against the words recognised inside those turns.</summary>
    public required IReadOnlyDictionary<string, WerResult> WerByVoice { get; init; }

    public required int ReferenceSpeakers { get; init; }

    public required int EstimatedSpeakers { get; init; }

    /// <summary>Wall seconds per stage (audio, vad, asr, diarization, attribution).</summary>
    public required IReadOnlyDictionary<string, double> StageSeconds { get; init; }

    public required IReadOnlyList<SpeakerTurn> ReferenceTurns { get; init; }

    public required SpeechResult Result { get; init; }

    public double TotalSeconds => StageSeconds.Values.Sum();

    public double RealTimeFactor(string stage) => StageSeconds.GetValueOrDefault(stage) / DurationSeconds;

    public double TotalRealTimeFactor => TotalSeconds / DurationSeconds;
}

/// <summary>WER of a read-speech corpus (e.g. pocketsphinx-testdata) through the whole speech branch.</summary>
public sealed record CorpusWerScore(string Name, int Utterances, WerResult Wer);

/// <summary>Everything the evaluation measured, printable as a plain-text table.</summary>
public sealed record SpeechEvaluationReport(IReadOnlyList<FixtureSpeechScore> Fixtures, IReadOnlyList<CorpusWerScore> Corpora)
{
    public string ToTable()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine("fixture          dur(s)  DER%   miss%  fa%    conf%  spk(ref/est)  WER%   RTF(audio/vad/asr/diar/total)");
        foreach (var f in Fixtures)
        {
            var der = f.Der;
            double Pct(double x) => der.ScoredSpeech > 0 ? 100 * x / der.ScoredSpeech : 0;
            text.AppendLine(string.Format(
                inv,
                "{0,-16} {1,6:F1}  {2,5:F1}  {3,5:F1}  {4,5:F1}  {5,5:F1}  {6,5}/{7,-6}  {8,5:F1}  {9:F3}/{10:F3}/{11:F3}/{12:F3}/{13:F3}",
                f.Name,
                f.DurationSeconds,
                100 * der.Rate,
                Pct(der.MissedSpeech),
                Pct(der.FalseAlarm),
                Pct(der.Confusion),
                f.ReferenceSpeakers,
                f.EstimatedSpeakers,
                100 * f.Wer.Rate,
                f.RealTimeFactor("audio"),
                f.RealTimeFactor("vad"),
                f.RealTimeFactor("asr"),
                f.RealTimeFactor("diarization"),
                f.TotalRealTimeFactor));
            foreach (var (voice, wer) in f.WerByVoice.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                text.AppendLine(string.Format(inv, "  voice {0,-16} WER {1,5:F1}%  ({2} ref words, S{3} D{4} I{5})", voice, 100 * wer.Rate, wer.ReferenceWords, wer.Substitutions, wer.Deletions, wer.Insertions));
            }
        }

        foreach (var c in Corpora)
        {
            text.AppendLine(string.Format(inv, "corpus {0}: {1} utterances, WER {2:F1}% ({3} ref words, S{4} D{5} I{6})", c.Name, c.Utterances, 100 * c.Wer.Rate, c.Wer.ReferenceWords, c.Wer.Substitutions, c.Wer.Deletions, c.Wer.Insertions));
        }

        return text.ToString();
    }
}
