using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Asr;

/// <summary>
/// Runs one decode per region on <c>workerCount</c> workers, each holding one decoder instance for the whole run
/// (native decoders are not thread-safe). Longest regions are started first so the workers finish close together.
/// Decoders come from <c>rent</c> and go back through <c>release</c> (a pool, or dispose).
/// Regions are dealt to the workers up front (round robin over the longest-first order) instead of taken from a
/// shared queue: a pocketsphinx decoder carries state from one utterance into the next (the word confidences
/// and even words of a region depend on what the decoder decoded before), so which worker decodes which region
/// must not depend on timing — otherwise the same audio transcribes differently under different CPU load
/// (seen between the streaming-intake and download-first runs of one fixture).
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
        var longestFirst = Enumerable.Range(0, regions.Count).OrderByDescending(i => regions[i].Duration).ThenBy(i => i).ToArray();
        var count = Math.Min(workerCount, regions.Count);
        // Decoders are created here, one after the other, before any decode starts: pocketsphinx 0.8's ps_init
        // swaps the process-wide log FILE (-logfn) and closes the old one, so creating a decoder while another
        // thread decodes (and logs) crashed the process in libc (segfault, exit 139) now and then.
        var decoders = new List<TDecoder>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                decoders.Add(rent());
            }
        }
        catch
        {
            decoders.ForEach(release);
            throw;
        }

        var workers = Enumerable.Range(0, count).Select(worker => Task.Run(
            () =>
            {
                var decoder = decoders[worker];
                try
                {
                    for (var position = worker; position < longestFirst.Length; position += count)
                    {
                        var index = longestFirst[position];
                        cancellationToken.ThrowIfCancellationRequested();
                        results[index] = decode(decoder, regions[index], cancellationToken);
                    }
                }
                finally
                {
                    release(decoder);
                }
            },
            CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        return results.SelectMany(r => r).OrderBy(w => w.Start).ToList();
    }
}
