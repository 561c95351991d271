using System.Text.Json.Nodes;
using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Orchestration;
using Lifestream.Pipeline.Summarization;

namespace Lifestream.Tests.Unit.Pipeline.Orchestration;

/// <summary>
/// Streaming intake in the orchestrator: probe and the audio branch read the presigned URL while the download
/// runs; the video branch waits for the local file and re-probes it; results equal the classic path's.
/// </summary>
public sealed class VideoPipelineStreamingTests : IDisposable
{
    private const string Signature = "X-Amz-Signature=0123456789abcdef";
    private static readonly Uri Url = new($"http://127.0.0.1:9/videos/uploads/meeting.mp4?X-Amz-Credential=test&{Signature}");
    private static readonly MediaInfo Streamed = new() { DurationSeconds = 34, SizeBytes = 0, HasVideo = true, HasAudio = true, Width = 640, Height = 360, FrameRate = 25 };
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("lifestream-streaming-");
    private readonly TaskCompletionSource<string> download = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => dir.Delete(recursive: true);

    private string LocalPath => Path.Combine(dir.FullName, "input", "source.mp4");

    private static MediaInfo Local => Streamed with { SizeBytes = 1234 };

    private PipelineRequest Request(string outputName = "out") => new()
    {
        JobId = "job-7",
        MediaPath = LocalPath,
        Source = new MediaSource { S3Bucket = "videos", S3Key = "uploads/meeting.mp4", ETag = "abc" },
        WorkDirectory = Path.Combine(dir.FullName, "work"),
        OutputDirectory = Path.Combine(dir.FullName, outputName),
    };

    private StreamingIntake Intake() => new() { Url = Url, LocalFileReady = download.Task };

    private RecordingProbe Probe() => new(Streamed, path => path == LocalPath ? Local : Streamed);

    private static VideoPipeline Pipeline(IMediaProber probe, ISpeechAnalyzer speech, ISceneAnalyzer scenes) =>
        new(probe, speech, scenes, new TranscriptChunker(new Cl100kTokenCounter()), new ExtractiveSummarizer());

    [Fact]
    public async Task Probe_and_speech_read_the_url_before_the_download_finishes_and_scenes_wait_for_the_local_file()
    {
        var downloadPendingWhenSpeechStarted = false;
        var speech = new ScriptedSpeech((_, _) =>
        {
            downloadPendingWhenSpeechStarted = !download.Task.IsCompleted;
            download.SetResult(LocalPath); // the download finishes while the audio branch works
            return Task.CompletedTask;
        });
        var scenes = new RecordingScenes(download.Task);
        var probe = Probe();

        var result = await Pipeline(probe, speech, scenes).RunStreamingAsync(Request(), Intake(), null, CancellationToken.None);

        Assert.True(downloadPendingWhenSpeechStarted);
        Assert.Equal(Url.AbsoluteUri, speech.MediaPath);
        Assert.Equal(LocalPath, scenes.MediaPath);
        Assert.True(scenes.DownloadWasCompleteAtStart);
        Assert.Equal([Url.AbsoluteUri, LocalPath], probe.Paths);
        Assert.All(new[] { "probe", "verify", "speech", "video", "summary", "total" }, stage => Assert.Contains(stage, result.StageTimings.Keys));
    }

    [Fact]
    public async Task Scene_detection_does_not_start_until_the_download_completes()
    {
        var scenes = new RecordingScenes(download.Task);
        var run = Pipeline(Probe(), new ScriptedSpeech(), scenes).RunStreamingAsync(Request(), Intake(), null, CancellationToken.None);

        await Task.Delay(200);
        Assert.Null(scenes.MediaPath);
        Assert.False(run.IsCompleted);

        download.SetResult(LocalPath);
        await run;
        Assert.Equal(LocalPath, scenes.MediaPath);
    }

    [Fact]
    public async Task A_failed_download_fails_the_run_with_the_download_error_and_cancels_the_audio_branch()
    {
        var speech = new ScriptedSpeech((_, ct) => Task.Delay(Timeout.Infinite, ct));
        var run = Pipeline(Probe(), speech, new RecordingScenes()).RunStreamingAsync(Request(), Intake(), null, CancellationToken.None);
        var downloadError = new IOException("connection reset by peer");

        download.SetException(downloadError);

        var thrown = await Assert.ThrowsAsync<IOException>(() => run);
        Assert.Same(downloadError, thrown);
        Assert.True(speech.WasCancelled);
    }

    [Fact]
    public async Task A_downloaded_file_that_differs_from_the_stream_is_refused_at_verify()
    {
        download.SetResult(LocalPath);
        var probe = new RecordingProbe(Streamed, path => path == LocalPath ? Streamed with { DurationSeconds = 12 } : Streamed);

        var ex = await Assert.ThrowsAsync<PipelineException>(() => Pipeline(probe, new ScriptedSpeech(), new RecordingScenes()).RunStreamingAsync(Request(), Intake(), null, CancellationToken.None));

        Assert.Equal(PipelineStages.Verify, ex.Stage);
    }

    [Fact]
    public async Task A_file_that_fails_its_checks_is_reported_even_when_reading_the_url_failed_first()
    {
        var speech = new ScriptedSpeech((_, _) => throw new MediaUnreadableException("audio", "http://h/k.mp4?[redacted]", "partial file"));
        var truncated = new MediaUnreadableException("probe", LocalPath, "corrupt or truncated");
        var probe = new FailingLocalProbe(Streamed, LocalPath, truncated);
        var run = Pipeline(probe, speech, new RecordingScenes()).RunStreamingAsync(Request(), Intake(), null, CancellationToken.None);

        await Task.Delay(100); // the audio branch has failed; the download is still running
        download.SetResult(LocalPath);

        var ex = await Assert.ThrowsAsync<MediaUnreadableException>(() => run);
        Assert.Same(truncated, ex);
        Assert.Equal("probe", ex.Stage);
    }

    [Fact]
    public async Task A_failed_url_read_falls_back_to_the_downloaded_file_with_the_same_results()
    {
        download.SetResult(LocalPath);
        var speech = new ScriptedSpeech((path, _) => path == LocalPath ? Task.CompletedTask : throw new MediaUnreadableException("audio", "http://h/k.mp4?[redacted]", "connection reset"));

        var result = await Pipeline(Probe(), speech, new RecordingScenes()).RunStreamingAsync(Request(), Intake(), null, CancellationToken.None);

        Assert.Equal(LocalPath, speech.MediaPath);
        Assert.Contains("summary.json", result.Documents);
    }

    [Fact]
    public async Task An_audio_error_that_the_local_file_repeats_fails_at_its_stage()
    {
        download.SetResult(LocalPath);
        var speech = new ScriptedSpeech((_, _) => throw new MediaUnreadableException("audio", "track", "decoder error"));

        var ex = await Assert.ThrowsAsync<MediaUnreadableException>(() => Pipeline(Probe(), speech, new RecordingScenes()).RunStreamingAsync(Request(), Intake(), null, CancellationToken.None));

        Assert.Equal("audio", ex.Stage);
    }

    [Fact]
    public async Task A_url_ffprobe_cannot_read_is_judged_by_the_downloaded_file()
    {
        download.SetResult(LocalPath);
        var empty = new MediaUnreadableException("probe", LocalPath, "the file is empty (0 bytes); nothing to analyse");
        var probe = new FailingUrlProbe(LocalPath, empty);

        var ex = await Assert.ThrowsAsync<MediaUnreadableException>(() => Pipeline(probe, new ScriptedSpeech(), new RecordingScenes()).RunStreamingAsync(Request(), Intake(), null, CancellationToken.None));

        Assert.Same(empty, ex);
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_the_download_surfaces_as_operation_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var speechStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var speech = new ScriptedSpeech((_, ct) =>
        {
            speechStarted.TrySetResult();
            return Task.Delay(Timeout.Infinite, ct);
        });
        var run = Pipeline(Probe(), speech, new RecordingScenes()).RunStreamingAsync(Request(), Intake(), null, cts.Token);
        await speechStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(speech.WasCancelled);
    }

    [Fact]
    public async Task A_stream_without_streams_is_rejected_at_probe_once_the_file_confirms_it_without_echoing_the_signature()
    {
        var probe = new RecordingProbe(Streamed with { HasAudio = false, HasVideo = false });
        var run = Pipeline(probe, new ScriptedSpeech(), new RecordingScenes()).RunStreamingAsync(Request(), Intake(), null, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(run.IsCompleted, "the downloaded file decides, so the run waits for it");

        download.SetResult(LocalPath);

        var ex = await Assert.ThrowsAsync<PipelineException>(() => run);
        Assert.Equal("probe", ex.Stage);
        Assert.DoesNotContain(Signature, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal([Url.AbsoluteUri, LocalPath], probe.Paths);
    }

    [Fact]
    public async Task Streaming_and_classic_runs_write_the_same_summary_apart_from_timings()
    {
        download.SetResult(LocalPath);
        var probe = Probe();

        await Pipeline(probe, new ScriptedSpeech(), new RecordingScenes()).RunAsync(Request("classic"), null, CancellationToken.None);
        await Pipeline(probe, new ScriptedSpeech(), new RecordingScenes()).RunStreamingAsync(Request("streamed"), Intake(), null, CancellationToken.None);

        Assert.Equal(await SummaryWithoutTimingsAsync("classic"), await SummaryWithoutTimingsAsync("streamed"));
    }

    private async Task<string> SummaryWithoutTimingsAsync(string outputName)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir.FullName, outputName, "summary.json")))!.AsObject();
        json.Remove("timings");
        return json.ToJsonString();
    }
}
