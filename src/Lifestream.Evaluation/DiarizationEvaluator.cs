using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lifestream.Pipeline.Diarization;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Vad;

namespace Lifestream.Evaluation;

/// <summary>How a diarization corpus is run and scored.</summary>
public sealed record DiarizationEvaluationOptions
{
    /// <summary>No-score collar around reference boundaries (md-eval's -c). Default 0.25 s.</summary>
    public double CollarSeconds { get; init; } = DiarizationErrorRate.DefaultCollarSeconds;

    /// <summary>Diarize the reference speech regions instead of the VAD's (isolates clustering errors from VAD errors).</summary>
    public bool OracleSpeech { get; init; }

    /// <summary>Give the diarizer the reference speaker count instead of letting it estimate one.</summary>
    public bool OracleSpeakerCount { get; init; }
}

/// <summary>One file's outcome, with the audio's length and the diarizer's wall time on it.</summary>
public sealed record DiarizationFileScore(string FileId, DerResult Der, IReadOnlyList<TimeRange> SpeechRegions, IReadOnlyList<SpeakerTurn> Hypothesis, double AudioSeconds, double DiarizationSeconds);

/// <summary>Per-file and overall DER of a corpus run.</summary>
public sealed record DiarizationEvaluationReport(IReadOnlyList<DiarizationFileScore> Files, DiarizationEvaluationOptions Options)
{
    public DerResult Overall => DerResult.Sum(Files.Select(f => f.Der));

    /// <summary>Files whose estimated speaker count equals the reference count.</summary>
    public int ExactSpeakerCounts => Files.Count(f => f.Der.ReferenceSpeakers == f.Der.HypothesisSpeakers);

    /// <summary>Diarization wall time over audio time, all files together (the VAD and extraction are not included).</summary>
    public double DiarizationRealTimeFactor
    {
        get
        {
            var audio = Files.Sum(f => f.AudioSeconds);
            return audio > 0 ? Files.Sum(f => f.DiarizationSeconds) / audio : 0;
        }
    }

    /// <summary>Percentages of scored speech, as md-eval prints them.</summary>
    public string ToTable()
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"collar {Options.CollarSeconds:0.###} s, speech {(Options.OracleSpeech ? "reference (oracle)" : "VAD")}, speaker count {(Options.OracleSpeakerCount ? "reference (oracle)" : "estimated")}\n");
        builder.Append("file          scored s   missed %   false alarm %   confusion %    DER %   speakers ref/hyp\n");
        foreach (var file in Files)
        {
            Row(builder, file.FileId, file.Der, $"{file.Der.ReferenceSpeakers}/{file.Der.HypothesisSpeakers}");
        }

        Row(builder, "OVERALL", Overall, $"exact on {ExactSpeakerCounts} of {Files.Count}");
        builder.Append(CultureInfo.InvariantCulture, $"diarization {Files.Sum(f => f.DiarizationSeconds):0.000} s for {Files.Sum(f => f.AudioSeconds):0.0} s of audio: real-time factor {DiarizationRealTimeFactor:0.0000}\n");
        return builder.ToString();
    }

    /// <summary>The hypotheses of all files as one RTTM (md-eval's -s input).</summary>
    public string ToRttm() => string.Concat(Files.Select(f => Rttm.Format(f.FileId, f.Hypothesis.Where(t => t.End > t.Start))));

    private static void Row(StringBuilder builder, string name, DerResult der, string speakers)
    {
        double Percent(double seconds) => der.ScoredSpeech <= 0 ? 0 : 100 * seconds / der.ScoredSpeech;
        builder.Append(CultureInfo.InvariantCulture, $"{name,-12} {der.ScoredSpeech,9:0.00}   {Percent(der.MissedSpeech),8:0.00}   {Percent(der.FalseAlarm),13:0.00}   {Percent(der.Confusion),11:0.00}   {100 * der.Rate,6:0.00}   {speakers}\n");
    }
}

/// <summary>
/// Runs the pipeline's audio stages that decide who spoke when (extraction → VAD → diarization) on every file of a
/// <see cref="DiarizationCorpus"/> and scores them with <see cref="DiarizationErrorRate"/> against its reference.
/// </summary>
public sealed class DiarizationEvaluator
{
    private readonly IAudioExtractor extractor;
    private readonly IVoiceActivityDetector vad;
    private readonly Func<int?, IDiarizer> diarizerFor;

    /// <param name="diarizerFor">The diarizer to run, given the speaker count to impose (null: estimate it).</param>
    public DiarizationEvaluator(IAudioExtractor extractor, IVoiceActivityDetector vad, Func<int?, IDiarizer> diarizerFor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(vad);
        ArgumentNullException.ThrowIfNull(diarizerFor);
        this.extractor = extractor;
        this.vad = vad;
        this.diarizerFor = diarizerFor;
    }

    public async Task<DiarizationEvaluationReport> EvaluateAsync(DiarizationCorpus corpus, DiarizationEvaluationOptions options, string workDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(workDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(options.CollarSeconds);
        var files = new List<DiarizationFileScore>();
        foreach (var id in corpus.FileIds)
        {
            var reference = corpus.ReferenceOf(id);
            var scored = corpus.ScoredOf(id);
            using var audio = await extractor.ExtractToFileAsync(corpus.Audio[id], Path.Combine(workDirectory, $"{id}.s16le"), cancellationToken);
            var regions = options.OracleSpeech ? SpeechOf(reference) : await vad.DetectAsync(audio, cancellationToken);
            var diarizer = diarizerFor(options.OracleSpeakerCount ? Math.Max(1, reference.Select(t => t.Speaker).Distinct().Count()) : null);
            try
            {
                var started = Stopwatch.GetTimestamp();
                var hypothesis = await diarizer.DiarizeAsync(audio, regions, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                files.Add(new DiarizationFileScore(id, DiarizationErrorRate.Compute(reference, hypothesis, options.CollarSeconds, scored), regions, hypothesis, audio.DurationSeconds, elapsed));
            }
            finally
            {
                (diarizer as IDisposable)?.Dispose();
            }
        }

        return new DiarizationEvaluationReport(files, options);
    }

    /// <summary>The union of the reference turns: where someone speaks.</summary>
    internal static List<TimeRange> SpeechOf(IReadOnlyList<SpeakerTurn> reference)
    {
        var union = new List<TimeRange>();
        foreach (var turn in reference.Where(t => t.End > t.Start).OrderBy(t => t.Start))
        {
            if (union.Count > 0 && turn.Start <= union[^1].End)
            {
                union[^1] = union[^1] with { End = Math.Max(union[^1].End, turn.End) };
            }
            else
            {
                union.Add(new TimeRange(turn.Start, turn.End));
            }
        }

        return union;
    }
}
