using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Options;

namespace Lifestream.Pipeline.Diarization;

/// <summary>
/// Offline speaker embedding without a neural model: per window, the mean and standard deviation of MFCCs 1..N
/// (NWaves; 25 ms frames, 10 ms hop; c0 left out so loudness does not dominate), computed on the window's
/// louder frames only, then standardised per dimension over all windows of the input so every dimension weighs
/// the same in the cosine distance.
/// </summary>
public sealed class MfccStatisticsEmbedder : ISpeakerEmbedder
{
    private const int Coefficients = 20;
    private const double HopSeconds = 0.010;

    /// <summary>Frames quieter than the window's loudest frame by more than this (in c0 units, natural-log energy) are ignored.</summary>
    private const float LoudnessFloor = 6.0f;

    /// <summary>Longest stretch of audio analysed in one piece (bounds memory on long continuous speech).</summary>
    private const double MaxSpanSeconds = 60;

    public string Name => "mfcc-statistics";

    public Task<float[][]> EmbedAsync(AudioBuffer audio, IReadOnlyList<TimeRange> windows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(windows);
        return Task.Run(() => Embed(audio, windows, cancellationToken), cancellationToken);
    }

    private static float[][] Embed(AudioBuffer audio, IReadOnlyList<TimeRange> windows, CancellationToken cancellationToken)
    {
        if (windows.Count == 0)
        {
            return [];
        }

        var extractor = new MfccExtractor(new MfccOptions
        {
            SamplingRate = audio.SampleRate,
            FeatureCount = Coefficients,
            FrameDuration = 0.025,
            HopDuration = HopSeconds,
            FilterBankSize = 40,
            LowFrequency = 60,
            HighFrequency = Math.Min(7600, audio.SampleRate / 2.0),
            PreEmphasis = 0.97,
        });

        // Windows are analysed span by span (overlapping windows share a span, capped in length), each span's
        // samples read on their own: memory does not grow with the input's length. Frame i of a span's features
        // starts at the span's first sample + i·hop.
        var dimension = 2 * (Coefficients - 1);
        var embeddings = new float[windows.Count][];
        foreach (var span in Spans(windows))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var first = Math.Max(0, audio.IndexOf(span.Start) - extractor.FrameSize);
            var last = Math.Min(audio.Length, audio.IndexOf(span.End) + extractor.FrameSize);
            var frames = Frames(extractor, audio, first, last);
            var firstSeconds = (double)first / audio.SampleRate;
            foreach (var w in span.Windows)
            {
                var from = Math.Clamp((int)Math.Floor((windows[w].Start - firstSeconds) / HopSeconds), 0, frames.Count);
                var to = Math.Clamp((int)Math.Ceiling((windows[w].End - firstSeconds) / HopSeconds), from, frames.Count);
                embeddings[w] = WindowStatistics(frames, from, to, dimension);
            }
        }

        Standardise(embeddings, dimension);
        return embeddings;
    }

    /// <summary>Groups windows (by index) into spans of overlapping windows, each at most about <see cref="MaxSpanSeconds"/> long.</summary>
    private static List<(double Start, double End, List<int> Windows)> Spans(IReadOnlyList<TimeRange> windows)
    {
        var spans = new List<(double Start, double End, List<int> Windows)>();
        foreach (var w in Enumerable.Range(0, windows.Count).OrderBy(i => windows[i].Start))
        {
            var window = windows[w];
            if (spans.Count > 0 && window.Start <= spans[^1].End && window.End - spans[^1].Start <= MaxSpanSeconds)
            {
                var last = spans[^1];
                last.Windows.Add(w);
                spans[^1] = (last.Start, Math.Max(last.End, window.End), last.Windows);
            }
            else
            {
                spans.Add((window.Start, window.End, [w]));
            }
        }

        return spans;
    }

    private static List<float[]> Frames(MfccExtractor extractor, AudioBuffer audio, int first, int last)
    {
        if (last - first <= extractor.FrameSize)
        {
            return [];
        }

        var samples = new float[last - first];
        audio.Read(first, samples);
        return extractor.ComputeFrom(samples);
    }

    private static float[] WindowStatistics(List<float[]> frames, int from, int to, int dimension)
    {
        var result = new float[dimension];
        if (to <= from)
        {
            return result;
        }

        var loudest = float.NegativeInfinity;
        for (var f = from; f < to; f++)
        {
            loudest = Math.Max(loudest, frames[f][0]);
        }

        var sum = new double[Coefficients];
        var squares = new double[Coefficients];
        var used = 0;
        for (var f = from; f < to; f++)
        {
            if (frames[f][0] < loudest - LoudnessFloor)
            {
                continue;
            }

            used++;
            for (var c = 1; c < Coefficients; c++)
            {
                sum[c] += frames[f][c];
                squares[c] += (double)frames[f][c] * frames[f][c];
            }
        }

        for (var c = 1; c < Coefficients; c++)
        {
            var mean = sum[c] / used;
            result[c - 1] = (float)mean;
            result[Coefficients - 1 + c - 1] = (float)Math.Sqrt(Math.Max(0, (squares[c] / used) - (mean * mean)));
        }

        return result;
    }

    private static void Standardise(float[][] embeddings, int dimension)
    {
        for (var d = 0; d < dimension; d++)
        {
            double mean = 0;
            foreach (var e in embeddings)
            {
                mean += e[d];
            }

            mean /= embeddings.Length;
            double variance = 0;
            foreach (var e in embeddings)
            {
                variance += (e[d] - mean) * (e[d] - mean);
            }

            var std = Math.Sqrt(variance / embeddings.Length);
            foreach (var e in embeddings)
            {
                e[d] = std > 1e-9 ? (float)((e[d] - mean) / std) : 0f;
            }
        }
    }
}
