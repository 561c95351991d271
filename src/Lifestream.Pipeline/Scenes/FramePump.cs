using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Lifestream.Pipeline.Media.Tools;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// How a frame source hands frames from the task that reads its tool to the consumer: a bounded channel (the tool keeps
/// decoding while a detector scores, and memory stays capped), no buffered frame yielded after a cancellation, and a
/// stop that cancels the pump, kills the tool and waits for the pump to finish before the source returns.
/// </summary>
internal static class FramePump
{
    public static Channel<AnalysisFrame> CreateChannel(int capacity) =>
        Channel.CreateBounded<AnalysisFrame>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });

    public static async IAsyncEnumerable<AnalysisFrame> YieldAsync(ChannelReader<AnalysisFrame> frames, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var frame in frames.ReadAllAsync(cancellationToken))
        {
            // Buffered frames must not outlive a cancellation.
            cancellationToken.ThrowIfCancellationRequested();
            yield return frame;
        }
    }

    public static async Task StopAsync(CancellationTokenSource stop, MediaToolProcess process, Task? pump)
    {
        await stop.CancelAsync();
        await process.DisposeAsync();
        if (pump is not null)
        {
            await pump.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
