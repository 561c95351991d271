using System.Text.Json.Nodes;
using Json.Schema;
using Lifestream.Pipeline.Documents;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Unit.Pipeline.Documents;

public class DocumentTests
{
    [Fact]
    public void Markdown_report_matches_golden() => GoldenFile.AssertMatches("summary.md", MarkdownReport.Write(SampleOutcome.Build(), "timeline.png"));

    [Fact]
    public void WebVtt_matches_golden() => GoldenFile.AssertMatches("transcript.vtt", WebVttWriter.Write(SampleOutcome.Segments()));

    [Fact]
    public void Srt_matches_golden() => GoldenFile.AssertMatches("transcript.srt", SrtWriter.Write(SampleOutcome.Segments()));

    [Fact]
    public void Rttm_matches_golden() => GoldenFile.AssertMatches("diarization.rttm", RttmWriter.Write("meeting demo.mp4", SampleOutcome.Build().Speech.Turns));

    [Fact]
    public void Summary_json_validates_against_the_committed_schema()
    {
        var json = SummaryDocumentBuilder.Build(SampleOutcome.Build()).ToJson();

        SummarySchema.AssertValid(json);
        var node = JsonNode.Parse(json)!;
        Assert.Equal("1.0", (string?)node["schemaVersion"]);
        Assert.Equal(3, node["scenes"]!.AsArray().Count);
        Assert.Equal("keyframes/scene-002.jpg", (string?)node["scenes"]![1]!["keyframe"]);
        Assert.True(node["segments"]![0]!["words"]!.AsArray().Count > 3);
        Assert.Equal(3.25, (double)node["timings"]!["total"]!);
    }

    [Fact]
    public void The_schema_rejects_a_document_missing_a_required_field()
    {
        var node = JsonNode.Parse(SummaryDocumentBuilder.Build(SampleOutcome.Build()).ToJson())!.AsObject();
        node.Remove("scenes");

        Assert.False(SummarySchema.Evaluate(node.ToJsonString()).IsValid);
    }

    [Fact]
    public void An_empty_run_without_speech_or_video_still_validates()
    {
        var sample = SampleOutcome.Build();
        var empty = sample with
        {
            Speech = SpeechResult.Empty("no audio"),
            Scenes = new SceneResult { Scenes = [] },
            Chunks = [],
            Summary = new Lifestream.Pipeline.Summarization.ExtractiveSummarizer().Summarize(new() { Sentences = [], Chunks = [], Scenes = [], Segments = [], DurationSeconds = 0 }),
        };

        SummarySchema.AssertValid(SummaryDocumentBuilder.Build(empty).ToJson());
        Assert.Contains("No speech was transcribed", MarkdownReport.Write(empty, null), StringComparison.Ordinal);
    }

    [Fact]
    public void Long_segments_become_several_cues_split_at_words()
    {
        var words = Enumerable.Range(0, 30).Select(i => new RecognizedWord($"word{i}", i * 0.5, (i * 0.5) + 0.4, 1)).ToList();
        var cues = SubtitleCues.Build([new TranscriptSegment("S1", 0, 15, "", words)]);

        Assert.True(cues.Count >= 3);
        Assert.All(cues, c => Assert.True(c.End - c.Start <= SubtitleCues.DefaultMaxSeconds && c.Text.Length <= SubtitleCues.DefaultMaxChars));
        Assert.Equal(string.Join(' ', words.Select(w => w.Text)), string.Join(' ', cues.Select(c => c.Text)));
    }

    [Theory]
    [InlineData(0, ".", "00:00:00.000")]
    [InlineData(3661.2345, ",", "01:01:01,235")]
    [InlineData(59.9996, ".", "00:01:00.000")]
    public void Subtitle_timestamps_are_formatted_per_spec(double seconds, string separator, string expected)
    {
        Assert.Equal(expected, TimeText.Subtitle(seconds, separator[0]));
    }

    [Fact]
    public async Task The_writer_produces_every_document_and_a_png_timeline()
    {
        var dir = Directory.CreateTempSubdirectory("lifestream-docs-");
        try
        {
            var files = await new DocumentWriter().WriteAsync(SampleOutcome.Build(), dir.FullName, CancellationToken.None);

            Assert.Equal(
                ["summary.json", "timeline.png", "summary.md", "transcript.vtt", "transcript.srt", "diarization.rttm", "keyframes/scene-001.jpg", "keyframes/scene-002.jpg", "keyframes/scene-003.jpg"],
                files);
            var png = await File.ReadAllBytesAsync(Path.Combine(dir.FullName, "timeline.png"));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            SummarySchema.AssertValid(await File.ReadAllTextAsync(Path.Combine(dir.FullName, "summary.json")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
