using System.Globalization;
using System.Text.Json;
using FFMpegCore;
using Json.Schema;
using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Orchestration;
using Lifestream.Pipeline.Scenes;
using Lifestream.Pipeline.Summarization;

namespace Lifestream.Tests.Integration.Scenes;

/// <summary>
/// The orchestrator end to end on the 60 s fixture: real ffprobe (through FFMpegCore), real scene detection
/// and keyframes, real chunking/summary/documents; the speech branch replays the fixture's reference
/// transcript (the speech engine is tested on its own branch).
/// </summary>
public sealed class PipelineFixtureTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("lifestream-e2e-");

    public void Dispose() => dir.Delete(recursive: true);

    [SkippableFact]
    public async Task The_meeting_fixture_produces_valid_documents_with_scenes_chapters_and_action_items()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg/ffprobe are not on PATH");
        var video = SceneFixtures.Video("meeting-60s");
        var pipeline = new VideoPipeline(
            new Lifestream.Pipeline.Media.FfprobeMediaProber(new Lifestream.Pipeline.Media.MediaOptions()),
            new ReferenceTranscript(Path.Combine(SceneFixtures.Root, "meeting-60s", "meeting-60s.ref.tsv")),
            new SceneAnalyzer(),
            new TranscriptChunker(new Cl100kTokenCounter(), new ChunkingOptions { MaxTokens = 96, OverlapTokens = 16 }),
            new ExtractiveSummarizer());
        var output = Path.Combine(dir.FullName, "out");
        var request = new PipelineRequest
        {
            JobId = "e2e",
            MediaPath = video,
            Source = new MediaSource { LocalPath = video },
            WorkDirectory = Path.Combine(dir.FullName, "work"),
            OutputDirectory = output,
        };

        var result = await pipeline.RunAsync(request, null, CancellationToken.None);

        foreach (var file in result.Documents)
        {
            Assert.True(new FileInfo(Path.Combine(output, file)).Length > 0, $"{file} is empty");
        }

        var json = await File.ReadAllTextAsync(Path.Combine(output, "summary.json"));
        var schema = JsonSchema.FromText(await File.ReadAllTextAsync(Path.Combine(SceneFixtures.Root, "..", "docs", "schema", "summary.schema.json")));
        Assert.True(schema.Evaluate(JsonDocument.Parse(json).RootElement).IsValid, "summary.json does not match the schema");

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal([0.0, 8.0, 19.0, 28.0, 40.0, 50.0], root.GetProperty("scenes").EnumerateArray().Select(s => Math.Round(s.GetProperty("start").GetDouble(), 3)));
        Assert.True(root.GetProperty("chunks").GetArrayLength() > 1);
        Assert.True(root.GetProperty("chapters").GetArrayLength() >= 2);
        var cues = root.GetProperty("actionItems").EnumerateArray().Select(a => a.GetProperty("speaker").GetString()).ToList();
        Assert.Contains("S2", cues);
        Assert.Contains("S3", cues);
        var markdown = await File.ReadAllTextAsync(Path.Combine(output, "summary.md"));
        Assert.Contains("![Scene 6](keyframes/scene-006.jpg)", markdown, StringComparison.Ordinal);
        Assert.True(result.StageTimings["video"] > 0 && result.StageTimings["total"] >= result.StageTimings["video"]);
    }

    /// <summary>Replays ref.tsv (speaker, start, end, text) as the audio branch's result.</summary>
    private sealed class ReferenceTranscript(string tsv) : ISpeechAnalyzer
    {
        public async Task<SpeechResult> AnalyzeAsync(string mediaPath, MediaInfo media, string workDirectory, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
        {
            var segments = (await File.ReadAllLinesAsync(tsv, cancellationToken))
                .Where(l => l.Length > 0)
                .Select(l => l.Split('\t'))
                .Select(f => new TranscriptSegment(f[0], double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), f[3], []))
                .ToList();
            return new SpeechResult
            {
                SpeechRegions = segments.Select(s => new TimeRange(s.Start, s.End)).ToList(),
                Turns = segments.Select(s => new SpeakerTurn(s.Speaker, s.Start, s.End)).ToList(),
                Segments = segments,
                Speakers = segments.Select(s => s.Speaker).Distinct().Order().ToList(),
            };
        }
    }
}
