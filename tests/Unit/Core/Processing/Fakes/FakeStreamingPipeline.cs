using Lifestream.Core.Pipeline;

namespace Lifestream.Tests.Unit.Core.Processing.Fakes;

/// <summary>A streaming-capable pipeline whose streaming behaviour each test scripts.</summary>
internal sealed class FakeStreamingPipeline(Func<PipelineRequest, StreamingIntake, IProgress<StageProgress>?, CancellationToken, Task<PipelineResult>> streamingBehaviour)
    : IStreamingVideoPipeline
{
    public int ClassicCalls { get; private set; }

    public int StreamingCalls { get; private set; }

    public StreamingIntake? LastIntake { get; private set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ClassicCalls++;
        return await FakePipeline.WritingDocuments().RunAsync(request, progress, cancellationToken);
    }

    public async Task<PipelineResult> RunStreamingAsync(PipelineRequest request, StreamingIntake intake, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        StreamingCalls++;
        LastIntake = intake;
        Entered.TrySetResult();
        return await streamingBehaviour(request, intake, progress, cancellationToken);
    }
}
