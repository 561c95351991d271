using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Orchestration;
using Lifestream.Pipeline.Summarization;
using Lifestream.Tests.Unit.Pipeline.Documents;
using Lifestream.Tests.Unit.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Orchestration;

public sealed class VideoPipelineTests : IDisposable
{
    private static readonly MediaInfo Media = new() { DurationSeconds = 34, SizeBytes = 10, HasVideo = true, HasAudio = true, Width = 640, Height = 360, FrameRate = 25 };
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("lifestream-pipeline-");

    public void Dispose() => dir.Delete(recursive: true);

    private PipelineRequest Request() => new()
    {
        JobId = "job-7",
        MediaPath = "/videos/meeting.mp4",
        Source = new MediaSource { S3Bucket = "uploads", S3Key = "in/meeting.mp4", ETag = "abc" },
        WorkDirectory = Path.Combine(dir.FullName, "work"),
        OutputDirectory = Path.Combine(dir.FullName, "out"),
    };

    private static VideoPipeline Pipeline(ISpeechAnalyzer speech, ISceneAnalyzer scenes, Lifestream.Pipeline.Media.IMediaProber? probe = null) =>
        new(probe ?? new FixedProbe(Media), speech, scenes, new TranscriptChunker(new Cl100kTokenCounter()), new ExtractiveSummarizer());

    [Fact]
    public async Task Runs_both_branches_concurrently_then_writes_every_document_with_timings()
    {
        var scenes = new FakeScenes();
        var speech = new FakeSpeech(waitFor: scenes.Started);
        var progress = new List<StageProgress>();

        var result = await Pipeline(speech, scenes).RunAsync(Request(), new SceneAnalyzerTests.SyncProgress(progress), CancellationToken.None);

        Assert.Contains("summary.json", result.Documents);
        Assert.Contains("summary.md", result.Documents);
        Assert.Contains("diarization.rttm", result.Documents);
        foreach (var stage in new[] { "probe", "speech", "video", "chunking", "summary", "documents", "total", "asr" })
        {
            Assert.True(result.StageTimings.ContainsKey(stage), $"no timing for {stage}");
        }

        Assert.All(new[] { "probe", "speech", "video", "chunking", "summary", "documents" }, stage =>
        {
            Assert.Contains(progress, p => p.Stage == stage && p.State == StageState.Started);
            Assert.Contains(progress, p => p.Stage == stage && p.State == StageState.Completed);
        });
        var json = await File.ReadAllTextAsync(Path.Combine(Request().OutputDirectory, "summary.json"));
        SummarySchema.AssertValid(json);
        Assert.Contains("\"bucket\": \"uploads\"", json, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"meeting.mp4\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_the_pipeline_disposes_the_stages_it_owns()
    {
        var speech = new FakeSpeech();

        Pipeline(speech, new FakeScenes()).Dispose();

        Assert.Equal(1, speech.Disposals);
    }

    [Fact]
    public async Task Disposing_the_deferred_pipeline_disposes_the_pipeline_it_built_and_nothing_before_that()
    {
        var speech = new FakeSpeech();
        var built = 0;
        var deferred = new Lifestream.Pipeline.Composition.DeferredVideoPipeline(_ =>
        {
            built++;
            return Task.FromResult<IVideoPipeline>(Pipeline(speech, new FakeScenes()));
        });
        deferred.Dispose();
        Assert.Equal((0, 0), (built, speech.Disposals));

        await deferred.RunAsync(Request(), null, CancellationToken.None);
        deferred.Dispose();

        Assert.Equal((1, 1), (built, speech.Disposals));
    }

    [Fact]
    public async Task A_failing_branch_is_reported_with_its_stage_and_cancels_the_other()
    {
        var scenes = new FakeScenes(blockUntilCancelled: true);
        var speech = new FakeSpeech(fail: new InvalidOperationException("decoder exploded"));

        var ex = await Assert.ThrowsAsync<PipelineException>(() => Pipeline(speech, scenes).RunAsync(Request(), null, CancellationToken.None));

        Assert.Equal("speech", ex.Stage);
        Assert.Contains("decoder exploded", ex.Message, StringComparison.Ordinal);
        Assert.True(scenes.WasCancelled);
    }

    [Fact]
    public async Task A_probe_failure_is_a_probe_stage_error()
    {
        var ex = await Assert.ThrowsAsync<PipelineException>(() => Pipeline(new FakeSpeech(), new FakeScenes(), new FailingProbe()).RunAsync(Request(), null, CancellationToken.None));

        Assert.Equal("probe", ex.Stage);
    }

    [Fact]
    public async Task Input_without_streams_is_rejected_at_probe()
    {
        var probe = new FixedProbe(Media with { HasAudio = false, HasVideo = false });

        var ex = await Assert.ThrowsAsync<PipelineException>(() => Pipeline(new FakeSpeech(), new FakeScenes(), probe).RunAsync(Request(), null, CancellationToken.None));

        Assert.Equal("probe", ex.Stage);
    }

    [Fact]
    public async Task Video_without_audio_skips_speech_with_a_warning()
    {
        var speech = new FakeSpeech();

        var result = await Pipeline(speech, new FakeScenes(), new FixedProbe(Media with { HasAudio = false })).RunAsync(Request(), null, CancellationToken.None);

        Assert.False(speech.Called);
        Assert.Contains(result.Warnings, w => w.Contains("no audio stream", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_surfaces_as_operation_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var scenes = new FakeScenes(blockUntilCancelled: true);
        var run = Pipeline(new FakeSpeech(waitFor: scenes.Started), scenes).RunAsync(Request(), null, cts.Token);
        await scenes.Started;

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    private sealed class FixedProbe(MediaInfo media) : Lifestream.Pipeline.Media.IMediaProber
    {
        public Task<MediaInfo> ProbeAsync(string mediaPath, CancellationToken cancellationToken) => Task.FromResult(media);
    }

    private sealed class FailingProbe : Lifestream.Pipeline.Media.IMediaProber
    {
        public Task<MediaInfo> ProbeAsync(string mediaPath, CancellationToken cancellationToken) => throw new IOException("moov atom not found");
    }

    private sealed class FakeSpeech(Task? waitFor = null, Exception? fail = null) : ISpeechAnalyzer, IDisposable
    {
        public bool Called { get; private set; }

        public int Disposals { get; private set; }

        public void Dispose() => Disposals++;

        public async Task<SpeechResult> AnalyzeAsync(string mediaPath, MediaInfo media, string workDirectory, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
        {
            Called = true;
            if (waitFor is not null)
            {
                // Completes only if the video branch started while this one is running.
                await waitFor.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            if (fail is not null)
            {
                throw fail;
            }

            var segments = SampleOutcome.Segments();
            return new SpeechResult
            {
                SpeechRegions = [],
                Turns = segments.Select(s => new SpeakerTurn(s.Speaker, s.Start, s.End)).ToList(),
                Segments = segments,
                Speakers = ["S1", "S2", "S3"],
                StageTimings = new Dictionary<string, double> { ["asr"] = 0.5 },
            };
        }
    }

    private sealed class FakeScenes(bool blockUntilCancelled = false) : ISceneAnalyzer
    {
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => started.Task;

        public bool WasCancelled { get; private set; }

        public async Task<SceneResult> AnalyzeAsync(string mediaPath, MediaInfo media, string outputDirectory, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
        {
            started.TrySetResult();
            if (blockUntilCancelled)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    WasCancelled = true;
                    throw;
                }
            }

            return new SceneResult { Scenes = [new Scene(1, 0, 19, 0, 474), new Scene(2, 19, 34, 475, 849)] };
        }
    }
}
