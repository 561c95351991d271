using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lifestream.Pipeline.Scenes;

/// <summary>Mean absolute per-pixel differences of two frames, per HSV channel, on the 0–255 scale.</summary>
public readonly record struct ContentScore(double DeltaHue, double DeltaSaturation, double DeltaValue)
{
    /// <summary>PySceneDetect's <c>content_val</c>: the weighted mean of the channel deltas.</summary>
    public double Combined(ContentWeights weights) =>
        ((weights.Hue * DeltaHue) + (weights.Saturation * DeltaSaturation) + (weights.Value * DeltaValue)) / weights.Sum;
}

/// <summary>
/// Channel weights of the content score. PySceneDetect's defaults are 1, 1, 1 (and 0 for edges, which
/// this port does not compute: the edge channel is off by default there too).
/// </summary>
public sealed record ContentWeights(double Hue = 1.0, double Saturation = 1.0, double Value = 1.0)
{
    public static ContentWeights Default { get; } = new();

    public double Sum => Math.Abs(Hue) + Math.Abs(Saturation) + Math.Abs(Value);
}

/// <summary>Pure scoring of two frames; no I/O, no state (the detectors keep the state).</summary>
public static class ContentScorer
{
    public static ContentScore Score(HsvFrame previous, HsvFrame current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        if (previous.Width != current.Width || previous.Height != current.Height)
        {
            throw new ArgumentException(
                $"Frames must have the same size to be compared: {previous.Width}x{previous.Height} vs {current.Width}x{current.Height}.",
                nameof(current));
        }

        var n = (double)current.PixelCount;
        return new ContentScore(
            SumOfAbsoluteDifferences(previous.Hue, current.Hue) / n,
            SumOfAbsoluteDifferences(previous.Saturation, current.Saturation) / n,
            SumOfAbsoluteDifferences(previous.Value, current.Value) / n);
    }

    public static double Combined(HsvFrame previous, HsvFrame current, ContentWeights weights) =>
        Score(previous, current).Combined(weights);

    internal static long SumOfAbsoluteDifferences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        long sum = 0;
        var i = 0;
        if (Sse2.IsSupported)
        {
            // PSADBW: 16 absolute byte differences summed into two 16-bit lanes per instruction.
            ref var pa = ref MemoryMarshal.GetReference(a);
            ref var pb = ref MemoryMarshal.GetReference(b);
            var accumulator = Vector128<ulong>.Zero;
            for (; i <= a.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var va = Vector128.LoadUnsafe(ref pa, (nuint)i);
                var vb = Vector128.LoadUnsafe(ref pb, (nuint)i);
                accumulator = Sse2.Add(accumulator, Sse2.SumAbsoluteDifferences(va, vb).AsUInt64());
            }

            sum = (long)(accumulator.GetElement(0) + accumulator.GetElement(1));
        }

        for (; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum;
    }
}
