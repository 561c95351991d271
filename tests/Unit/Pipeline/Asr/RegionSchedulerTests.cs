using System.Collections.Concurrent;
using Lifestream.Pipeline.Asr;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Unit.Pipeline.Asr;

/// <summary>Decoders keep state between utterances, so which decoder gets which region must not depend on timing.</summary>
public sealed class RegionSchedulerTests
{
    private static readonly TimeRange[] Regions = [.. Enumerable.Range(0, 9).Select(i => new TimeRange(i * 10, (i * 10) + 1 + (i % 4)))];

    [Fact]
    public async Task Each_decoder_gets_the_same_regions_in_the_same_order_whatever_the_timing()
    {
        var fast = await AssignmentAsync(seed: 1);
        var slow = await AssignmentAsync(seed: 2);

        Assert.Equal(fast, slow);
    }

    [Fact]
    public async Task Every_region_is_decoded_once_and_words_come_back_in_time_order()
    {
        var words = await RegionScheduler.RunAsync(
            Regions, 3, () => 0, _ => { }, (_, region, _) => [new RecognizedWord("w", region.Start, region.End, 1)], CancellationToken.None);

        Assert.Equal(Regions.Select(r => r.Start), words.Select(w => w.Start));
    }

    [Fact]
    public async Task Every_decoder_is_created_before_any_decode_starts_and_all_are_released()
    {
        var decoding = 0;
        var createdWhileDecoding = false;
        var released = new ConcurrentBag<int>();
        var next = 0;

        await RegionScheduler.RunAsync(
            Regions,
            3,
            () =>
            {
                createdWhileDecoding |= Volatile.Read(ref decoding) > 0;
                return Interlocked.Increment(ref next);
            },
            released.Add,
            (_, _, _) =>
            {
                Interlocked.Increment(ref decoding);
                Thread.Sleep(5);
                return [];
            },
            CancellationToken.None);

        Assert.False(createdWhileDecoding);
        Assert.Equal([1, 2, 3], released.Order());
    }

    private static async Task<string> AssignmentAsync(int seed)
    {
        var random = new Random(seed);
        var delays = Regions.Select(_ => random.Next(0, 30)).ToArray();
        var next = 0;
        var log = new ConcurrentDictionary<int, ConcurrentQueue<double>>();
        await RegionScheduler.RunAsync(
            Regions,
            3,
            () => Interlocked.Increment(ref next),
            _ => { },
            (decoder, region, _) =>
            {
                Thread.Sleep(delays[Array.IndexOf(Regions, region)]);
                log.GetOrAdd(decoder, _ => new ConcurrentQueue<double>()).Enqueue(region.Start);
                return [];
            },
            CancellationToken.None);

        // Decoder ids depend on which worker rented first; compare the sequences each decoder saw.
        return string.Join(" | ", log.Values.Select(q => string.Join(",", q)).Order(StringComparer.Ordinal));
    }
}
