using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Vad;

/// <summary>
/// Turns per-frame speech probabilities into speech regions, with the same state machine as Silero's
/// <c>get_speech_timestamps</c>: start at ≥ threshold, end after the probability stays below the negative
/// threshold for the minimum silence, drop short regions, pad, and split regions longer than the maximum.
/// Pure logic so it can be tested without a model.
/// </summary>
public static class SpeechFrameSegmenter
{
    public static IReadOnlyList<TimeRange> Segment(IReadOnlyList<float> probabilities, double frameSeconds, double totalSeconds, VadOptions options)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameSeconds);

        var negative = options.EffectiveNegativeThreshold;
        var minSilenceFrames = (int)Math.Ceiling(options.MinSilenceSeconds / frameSeconds);
        var raw = new List<(int Start, int End)>();
        var triggered = false;
        var start = 0;
        var silenceStart = -1;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = probabilities[i];
            if (p >= options.Threshold)
            {
                silenceStart = -1;
                if (!triggered)
                {
                    triggered = true;
                    start = i;
                }

                continue;
            }

            if (triggered && p < negative)
            {
                if (silenceStart < 0)
                {
                    silenceStart = i;
                }

                if (i + 1 - silenceStart >= minSilenceFrames)
                {
                    raw.Add((start, silenceStart));
                    triggered = false;
                    silenceStart = -1;
                }
            }
        }

        if (triggered)
        {
            raw.Add((start, silenceStart >= 0 ? silenceStart : probabilities.Count));
        }

        var minSpeechFrames = options.MinSpeechSeconds / frameSeconds;
        var kept = raw.Where(r => r.End - r.Start >= minSpeechFrames).ToList();
        var split = new List<(int Start, int End)>();
        var maxFrames = Math.Max(2, (int)(options.MaxRegionSeconds / frameSeconds));
        foreach (var region in kept)
        {
            SplitLong(region, maxFrames, probabilities, split);
        }

        return Pad(split, frameSeconds, totalSeconds, options.SpeechPadSeconds);
    }

    /// <summary>Splits at the lowest-probability frame in the second half of each over-long window (likely a pause between words).</summary>
    private static void SplitLong((int Start, int End) region, int maxFrames, IReadOnlyList<float> probabilities, List<(int Start, int End)> output)
    {
        var (start, end) = region;
        while (end - start > maxFrames)
        {
            var from = start + (maxFrames / 2);
            var to = start + maxFrames;
            var cut = from;
            for (var i = from; i < to; i++)
            {
                if (probabilities[i] < probabilities[cut])
                {
                    cut = i;
                }
            }

            output.Add((start, cut));
            start = cut;
        }

        output.Add((start, end));
    }

    private static List<TimeRange> Pad(List<(int Start, int End)> regions, double frameSeconds, double totalSeconds, double pad)
    {
        var result = new List<TimeRange>(regions.Count);
        for (var i = 0; i < regions.Count; i++)
        {
            var start = regions[i].Start * frameSeconds;
            var end = Math.Min(regions[i].End * frameSeconds, totalSeconds);
            var previousEnd = i == 0 ? 0 : regions[i - 1].End * frameSeconds;
            var nextStart = i == regions.Count - 1 ? totalSeconds : regions[i + 1].Start * frameSeconds;

            // Padding may not cross into a neighbour; split regions touching each other stay touching.
            var paddedStart = Math.Max(Math.Max(0, start - pad), Math.Min(start, previousEnd));
            var paddedEnd = Math.Min(Math.Min(totalSeconds, end + pad), Math.Max(end, nextStart));
            if (i > 0 && paddedStart < result[^1].End)
            {
                paddedStart = result[^1].End;
            }

            result.Add(new TimeRange(Math.Round(paddedStart, 3), Math.Round(paddedEnd, 3)));
        }

        return result;
    }
}
