using System.Collections.Concurrent;
using Lifestream.Core.Pipeline.Model;

namespace Lifestream.Core.Pipeline.Asr;

/// <summary>
/// Runs one decode per region on <c>workerCount</c> workers, each holding one decoder instance for the whole run
/// (native decoders are not thread-safe). Longest regions are started first so the workers finish close together.
/// Decoders come from <c>rent</c> and go back through <c>release</c> (a pool, or dispose).
/// </summary>
internal static class RegionScheduler
{
    public static async Task<IReadOnlyList<RecognizedWord>> RunAsync<TDecoder>(
        IReadOnlyList<TimeRange> regions,
        int workerCount,
        Func<TDecoder> rent,
        Action<TDecoder> release,
        Func<TDecoder, TimeRange, CancellationToken, IReadOnlyList<RecognizedWord>> decode,
        CancellationToken cancellationToken)
    {
        if (regions.Count == 0)
        {
            return [];
        }

        var results = new IReadOnlyList<RecognizedWord>[regions.Count];
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, regions.Count).OrderByDescending(i => regions[i].Duration));
        var workers = Enumerable.Range(0, Math.Min(workerCount, regions.Count)).Select(_ => Task.Run(
            () =>
            {
                var decoder = rent();
                try
                {
                    while (queue.TryDequeue(out var index))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        results[index] = decode(decoder, regions[index], cancellationToken);
                    }
                }
                finally
                {
                    release(decoder);
                }
            },
            cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        return results.SelectMany(r => r).OrderBy(w => w.Start).ToList();
    }
}
