using Lifestream.Core.Pipeline;

namespace Lifestream.Tests.Unit.Core.Processing.Fakes;

/// <summary>A pipeline whose behaviour each test scripts. Records the request it was given.</summary>
internal sealed class FakePipeline(Func<PipelineRequest, IProgress<StageProgress>?, CancellationToken, Task<PipelineResult>> behaviour) : IVideoPipeline
{
    public PipelineRequest? LastRequest { get; private set; }

    public bool MediaExistedWhenCalled { get; private set; }

    public int Calls { get; private set; }

    /// <summary>Completes when the pipeline has been entered (lets a test cancel mid-stage without timing).</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        Calls++;
        LastRequest = request;
        MediaExistedWhenCalled = File.Exists(request.MediaPath);
        Entered.TrySetResult();
        return await behaviour(request, progress, cancellationToken);
    }

    /// <summary>Writes summary.json, summary.md and a nested keyframe, reporting a "probe" and an "asr" stage.</summary>
    public static FakePipeline WritingDocuments() => new(async (request, progress, ct) =>
    {
        progress?.Report(new StageProgress("probe", StageState.Started, TimeSpan.Zero));
        progress?.Report(new StageProgress("probe", StageState.Completed, TimeSpan.FromSeconds(0.5)));
        progress?.Report(new StageProgress("asr", StageState.Started, TimeSpan.Zero));
        progress?.Report(new StageProgress("asr", StageState.Completed, TimeSpan.FromSeconds(2)));
        Directory.CreateDirectory(Path.Combine(request.OutputDirectory, "keyframes"));
        await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, "summary.json"), "{\"ok\":true}", ct);
        await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, "summary.md"), "# ok", ct);
        await File.WriteAllBytesAsync(Path.Combine(request.OutputDirectory, "keyframes", "scene-001.jpg"), [0xFF, 0xD8], ct);
        await File.WriteAllTextAsync(Path.Combine(request.WorkDirectory, "audio.wav"), "scratch", ct);
        return new PipelineResult
        {
            Documents = ["summary.json", "summary.md", "keyframes/scene-001.jpg"],
            StageTimings = new Dictionary<string, double> { ["probe"] = 0.5, ["asr"] = 2 },
        };
    });

    public static FakePipeline Throwing(Exception exception) => new((_, _, _) => Task.FromException<PipelineResult>(exception));

    /// <summary>Reports stage <paramref name="stage"/> started, then waits until cancelled.</summary>
    public static FakePipeline WaitingForCancellation(string stage = "asr") => new(async (_, progress, ct) =>
    {
        progress?.Report(new StageProgress(stage, StageState.Started, TimeSpan.Zero));
        await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        throw new InvalidOperationException("unreachable");
    });
}
