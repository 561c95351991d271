using Lifestream.Core.Pipeline.Media;
using Lifestream.Core.Pipeline.Model;
using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Options;

namespace Lifestream.Core.Pipeline.Diarization;

/// <summary>
/// Frame-level acoustic features of the speech regions of one recording: MFCCs 1..N (NWaves; 25 ms frames, 10 ms
/// hop; c0 left out so loudness does not dominate) and their deltas, both normalised per recording (CMVN over its
/// speech frames) so channel and room colour cancel out. Frames are ordered by time; each region's frames are
/// contiguous. Only speech frames are held: memory grows with speech time, not with input length.
/// </summary>
public sealed class SpeechFeatureFrames
{
    public const double FrameHopSeconds = 0.010;

    /// <summary>Cepstral coefficients kept (c1..c19).</summary>
    public const int Coefficients = 19;

    /// <summary>Frames either side used by the delta regression (HTK's ±2).</summary>
    private const int DeltaWindow = 2;

    /// <summary>Mel band energies are floored here before the log (about −100 dB re full scale).</summary>
    private const float LogEnergyFloor = 1e-10f;

    /// <summary>Longest stretch of audio analysed in one piece (bounds memory on long continuous speech).</summary>
    private const double MaxSpanSeconds = 60;

    private SpeechFeatureFrames(float[][] frames, double[] times, (int Start, int End)[] regionFrames)
    {
        Frames = frames;
        Times = times;
        RegionFrames = regionFrames;
    }

    /// <summary>Per frame: <see cref="Coefficients"/> static coefficients followed by as many deltas.</summary>
    public float[][] Frames { get; }

    /// <summary>Start time of every frame (seconds).</summary>
    public double[] Times { get; }

    /// <summary>Per region, its frames as [Start, End) indices into <see cref="Frames"/>.</summary>
    public (int Start, int End)[] RegionFrames { get; }

    public int Count => Frames.Length;

    /// <summary>Frames [From, To) whose start lies in <paramref name="range"/>.</summary>
    public (int From, int To) Span(TimeRange range)
    {
        var from = LowerBound(range.Start);
        var to = LowerBound(range.End);
        return (from, Math.Max(from, to));
    }

    public static SpeechFeatureFrames Extract(AudioBuffer audio, IReadOnlyList<TimeRange> regions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(regions);
        var extractor = new MfccExtractor(new MfccOptions
        {
            SamplingRate = audio.SampleRate,
            FeatureCount = Coefficients + 1,
            FrameDuration = 0.025,
            HopDuration = FrameHopSeconds,
            FilterBankSize = 40,
            LowFrequency = 60,
            HighFrequency = Math.Min(7600, audio.SampleRate / 2.0),
            PreEmphasis = 0.97,

            // NWaves' default floor (float epsilon) turns an empty mel band into a huge negative log energy that
            // then dominates the cepstrum of near-silent frames.
            LogFloor = LogEnergyFloor,
        });

        var frames = new List<float[]>();
        var times = new List<double>();
        var regionFrames = new (int Start, int End)[regions.Count];
        for (var r = 0; r < regions.Count; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var first = frames.Count;
            for (var spanStart = regions[r].Start; spanStart < regions[r].End; spanStart += MaxSpanSeconds)
            {
                var spanEnd = Math.Min(regions[r].End, spanStart + MaxSpanSeconds);
                var from = audio.IndexOf(spanStart);
                var to = Math.Min(audio.Length, audio.IndexOf(spanEnd) + extractor.FrameSize);
                if (to - from <= extractor.FrameSize)
                {
                    continue;
                }

                var samples = new float[to - from];
                audio.Read(from, samples);
                var features = extractor.ComputeFrom(samples);
                for (var i = 0; i < features.Count; i++)
                {
                    var time = ((double)from / audio.SampleRate) + (i * FrameHopSeconds);
                    if (time >= spanEnd)
                    {
                        break;
                    }

                    var frame = new float[2 * Coefficients];
                    Array.Copy(features[i], 1, frame, 0, Coefficients);
                    frames.Add(frame);
                    times.Add(time);
                }
            }

            regionFrames[r] = (first, frames.Count);
            AddDeltas(frames, first, frames.Count);
        }

        var result = frames.ToArray();
        Normalise(result);
        return new SpeechFeatureFrames(result, [.. times], regionFrames);
    }

    /// <summary>From already computed frames (tests, other front ends): each region's frames given as [Start, End).</summary>
    public static SpeechFeatureFrames FromFrames(float[][] frames, double[] times, (int Start, int End)[] regionFrames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(regionFrames);
        if (frames.Length != times.Length)
        {
            throw new ArgumentException($"{frames.Length} frames but {times.Length} times.", nameof(times));
        }

        return new SpeechFeatureFrames(frames, times, regionFrames);
    }

    /// <summary>HTK delta regression inside one region (edges repeat the boundary frame).</summary>
    private static void AddDeltas(List<float[]> frames, int start, int end)
    {
        const double Denominator = 10; // 2 · Σ k², k = 1..2
        for (var t = start; t < end; t++)
        {
            for (var c = 0; c < Coefficients; c++)
            {
                double delta = 0;
                for (var k = 1; k <= DeltaWindow; k++)
                {
                    var next = frames[Math.Min(end - 1, t + k)][c];
                    var previous = frames[Math.Max(start, t - k)][c];
                    delta += k * (next - previous);
                }

                frames[t][Coefficients + c] = (float)(delta / Denominator);
            }
        }
    }

    /// <summary>Per-recording cepstral mean and variance normalisation.</summary>
    private static void Normalise(float[][] frames)
    {
        if (frames.Length == 0)
        {
            return;
        }

        var dimension = frames[0].Length;
        for (var d = 0; d < dimension; d++)
        {
            double sum = 0, squares = 0;
            foreach (var f in frames)
            {
                sum += f[d];
                squares += (double)f[d] * f[d];
            }

            var mean = sum / frames.Length;
            var std = Math.Sqrt(Math.Max(0, (squares / frames.Length) - (mean * mean)));
            foreach (var f in frames)
            {
                f[d] = std > 1e-9 ? (float)((f[d] - mean) / std) : 0f;
            }
        }
    }

    private int LowerBound(double time)
    {
        var index = Array.BinarySearch(Times, time);
        return index >= 0 ? index : ~index;
    }
}
