using System.Text;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Documents;

/// <summary>Writes every result document of a run into one directory.</summary>
public interface IDocumentWriter
{
    /// <summary>Returns the written file names, relative to <paramref name="outputDirectory"/>.</summary>
    Task<IReadOnlyList<string>> WriteAsync(PipelineOutcome outcome, string outputDirectory, CancellationToken cancellationToken);
}

/// <summary>summary.json, summary.md, timeline.png, transcript.vtt, transcript.srt, diarization.rttm (UTF-8, LF).</summary>
public sealed class DocumentWriter : IDocumentWriter
{
    public const string SummaryJson = "summary.json";
    public const string SummaryMarkdown = "summary.md";
    public const string TimelinePng = "timeline.png";
    public const string TranscriptVtt = "transcript.vtt";
    public const string TranscriptSrt = "transcript.srt";
    public const string DiarizationRttm = "diarization.rttm";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<IReadOnlyList<string>> WriteAsync(PipelineOutcome outcome, string outputDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();

        async Task Text(string name, string content)
        {
            await File.WriteAllTextAsync(Path.Combine(outputDirectory, name), content, Utf8, cancellationToken);
            written.Add(name);
        }

        await Text(SummaryJson, SummaryDocumentBuilder.Build(outcome).ToJson() + "\n");

        var turns = outcome.Speech.Turns.Count > 0
            ? outcome.Speech.Turns
            : outcome.Speech.Segments.Select(s => new SpeakerTurn(s.Speaker, s.Start, s.End)).ToList();
        var speakers = outcome.Speech.Speakers.Count > 0 ? outcome.Speech.Speakers : turns.Select(t => t.Speaker).Distinct().Order(StringComparer.Ordinal).ToList();
        TimelineChart.Save(Path.Combine(outputDirectory, TimelinePng), outcome.Media.DurationSeconds, speakers, turns, outcome.Scenes.Scenes);
        written.Add(TimelinePng);

        await Text(SummaryMarkdown, MarkdownReport.Write(outcome, TimelinePng));
        await Text(TranscriptVtt, WebVttWriter.Write(outcome.Speech.Segments));
        await Text(TranscriptSrt, SrtWriter.Write(outcome.Speech.Segments));
        await Text(DiarizationRttm, RttmWriter.Write(outcome.MediaName, turns));
        written.AddRange(outcome.Scenes.Scenes.Where(s => s.Keyframe is not null).Select(s => s.Keyframe!));
        return written;
    }
}
