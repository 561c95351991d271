using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// Port of PySceneDetect's AdaptiveDetector: a frame is a cut when its content score is at least
/// <see cref="AdaptiveDetectorOptions.AdaptiveThreshold"/> times the mean score of the
/// <see cref="AdaptiveDetectorOptions.WindowWidth"/> frames on each side, and at least
/// <see cref="AdaptiveDetectorOptions.MinContentValue"/>. Fast camera motion raises the neighbours'
/// scores too, so it is not mistaken for a cut. Cuts are confirmed max(window, flash guard) frames late.
/// </summary>
public sealed class AdaptiveDetector : ISceneCutDetector
{
    private readonly AdaptiveDetectorOptions options;
    private readonly int lookAhead;
    private readonly List<Entry> entries = [];
    private long lastCut;
    private long suppressThrough = long.MinValue;

    // The last frame dropped from the window: its planes are refilled with the next frame's HSV.
    private HsvFrame? spare;

    public AdaptiveDetector(AdaptiveDetectorOptions? options = null)
    {
        this.options = options ?? new AdaptiveDetectorOptions();
        this.options.ThrowIfInvalidArgument();
        lookAhead = Math.Max(this.options.WindowWidth, this.options.FlashMaxFrames);
        Settings = this.options.ToSettings();
    }

    public string Name => "adaptive";

    public IReadOnlyDictionary<string, string> Settings { get; }

    public IReadOnlyList<long> Process(AnalysisFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var hsv = HsvFrame.FromRgb(frame, spare);
        spare = null;
        if (entries.Count == 0)
        {
            lastCut = frame.Index;
            entries.Add(new Entry(frame.Index, hsv, null));
            return [];
        }

        entries.Add(new Entry(frame.Index, hsv, ContentScorer.Combined(entries[^1].Hsv, hsv, this.options.Weights)));
        IReadOnlyList<long> result = [];
        var position = entries.Count - 1 - lookAhead;
        if (position >= 1 && Judge(position) is { } cut)
        {
            result = [cut];
        }

        // Keep the window behind the next frame to judge plus the frame before it (the flash reference).
        while (entries.Count > this.options.WindowWidth + lookAhead + 2)
        {
            spare = entries[0].Hsv;
            entries.RemoveAt(0);
        }

        return result;
    }

    /// <summary>Judges the last frames with the look-ahead that exists (a truncated window).</summary>
    public IReadOnlyList<long> Flush()
    {
        var cuts = new List<long>();
        for (var position = Math.Max(1, entries.Count - lookAhead); position < entries.Count; position++)
        {
            if (Judge(position) is { } cut)
            {
                cuts.Add(cut);
            }
        }

        entries.Clear();
        return cuts;
    }

    private long? Judge(int position)
    {
        var entry = entries[position];
        var score = entry.Score!.Value;
        if (entry.Index <= suppressThrough || entry.Index - lastCut < this.options.MinSceneLengthFrames || score < this.options.MinContentValue)
        {
            return null;
        }

        double sum = 0;
        var count = 0;
        for (var i = position - this.options.WindowWidth; i <= position + this.options.WindowWidth; i++)
        {
            if (i != position && i >= 0 && i < entries.Count && entries[i].Score is { } neighbour)
            {
                sum += neighbour;
                count++;
            }
        }

        var mean = count == 0 ? 0 : sum / count;
        var ratio = mean > 1e-5 ? Math.Min(score / mean, AdaptiveDetectorOptions.MaxRatio) : AdaptiveDetectorOptions.MaxRatio;
        if (ratio < this.options.AdaptiveThreshold)
        {
            return null;
        }

        var reference = entries[position - 1].Hsv;
        for (var k = 1; k <= this.options.FlashMaxFrames && position + k < entries.Count; k++)
        {
            if (ContentScorer.Combined(reference, entries[position + k].Hsv, this.options.Weights) < this.options.MinContentValue)
            {
                // A flash: the picture came back. Its return frame scores high too; it is not a cut either.
                suppressThrough = entries[position + k].Index;
                return null;
            }
        }

        lastCut = entry.Index;
        return entry.Index;
    }

    private sealed record Entry(long Index, HsvFrame Hsv, double? Score);
}
