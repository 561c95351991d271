using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Composition;
using Lifestream.Tests.Unit.Core.Processing.Fakes;

namespace Lifestream.Tests.Unit.Pipeline.Composition;

/// <summary>The ECS host's deferred pipeline forwards streaming intake to the pipeline it builds.</summary>
public sealed class DeferredVideoPipelineStreamingTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("lifestream-deferred-");

    public DeferredVideoPipelineStreamingTests()
    {
        Directory.CreateDirectory(Request().OutputDirectory);
        Directory.CreateDirectory(Request().WorkDirectory);
    }

    public void Dispose() => dir.Delete(recursive: true);

    private PipelineRequest Request() => new()
    {
        JobId = "job-1",
        MediaPath = Path.Combine(dir.FullName, "source.mp4"),
        Source = new MediaSource { S3Bucket = "b", S3Key = "k.mp4" },
        WorkDirectory = Path.Combine(dir.FullName, "work"),
        OutputDirectory = Path.Combine(dir.FullName, "out"),
    };

    [Fact]
    public async Task A_streaming_pipeline_gets_the_intake_as_is()
    {
        var inner = new FakeStreamingPipeline((request, _, progress, ct) => FakePipeline.WritingDocuments().RunAsync(request, progress, ct));
        var intake = new StreamingIntake { Url = new Uri("http://127.0.0.1:9/b/k.mp4?X-Amz-Signature=s"), LocalFileReady = new TaskCompletionSource<string>().Task };

        await new DeferredVideoPipeline(_ => Task.FromResult<IVideoPipeline>(inner)).RunStreamingAsync(Request(), intake, null, CancellationToken.None);

        Assert.Equal(1, inner.StreamingCalls);
        Assert.Same(intake, inner.LastIntake);
    }

    [Fact]
    public async Task A_classic_pipeline_runs_only_once_the_local_file_is_ready()
    {
        var calledBeforeDownload = false;
        var download = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new FakePipeline((request, progress, ct) =>
        {
            calledBeforeDownload = !download.Task.IsCompleted;
            return FakePipeline.WritingDocuments().RunAsync(request, progress, ct);
        });
        var run = new DeferredVideoPipeline(_ => Task.FromResult<IVideoPipeline>(inner))
            .RunStreamingAsync(Request(), new StreamingIntake { Url = new Uri("http://127.0.0.1:9/b/k.mp4"), LocalFileReady = download.Task }, null, CancellationToken.None);

        await Task.Delay(100);
        download.SetResult(Request().MediaPath);
        await run;

        Assert.False(calledBeforeDownload);
    }

    [Fact]
    public async Task A_setup_failure_is_a_setup_stage_error_on_the_streaming_path_too()
    {
        var intake = new StreamingIntake { Url = new Uri("http://127.0.0.1:9/b/k.mp4"), LocalFileReady = Task.FromResult("x") };

        var ex = await Assert.ThrowsAsync<PipelineException>(() =>
            new DeferredVideoPipeline(_ => throw new FileNotFoundException("model missing")).RunStreamingAsync(Request(), intake, null, CancellationToken.None));

        Assert.Equal(DeferredVideoPipeline.SetupStage, ex.Stage);
    }
}
