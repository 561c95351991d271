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
    private readonly AdaptiveDetectorOptions _options;
    private readonly int _lookAhead;
    private readonly List<Entry> _entries = [];
    private long _lastCut;
    private long _suppressThrough = long.MinValue;

    public AdaptiveDetector(AdaptiveDetectorOptions? options = null)
    {
        _options = options ?? new AdaptiveDetectorOptions();
        _options.ThrowIfInvalidArgument();
        _lookAhead = Math.Max(_options.WindowWidth, _options.FlashMaxFrames);
        Settings = _options.ToSettings();
    }

    public string Name => "adaptive";

    public IReadOnlyDictionary<string, string> Settings { get; }

    public IReadOnlyList<long> Process(AnalysisFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var hsv = HsvFrame.FromRgb(frame);
        if (_entries.Count == 0)
        {
            _lastCut = frame.Index;
            _entries.Add(new Entry(frame.Index, hsv, null));
            return [];
        }

        _entries.Add(new Entry(frame.Index, hsv, ContentScorer.Combined(_entries[^1].Hsv, hsv, _options.Weights)));
        IReadOnlyList<long> result = [];
        var position = _entries.Count - 1 - _lookAhead;
        if (position >= 1 && Judge(position) is { } cut)
        {
            result = [cut];
        }

        // Keep the window behind the next frame to judge plus the frame before it (the flash reference).
        while (_entries.Count > _options.WindowWidth + _lookAhead + 2)
        {
            _entries.RemoveAt(0);
        }

        return result;
    }

    /// <summary>Judges the last frames with the look-ahead that exists (a truncated window).</summary>
    public IReadOnlyList<long> Flush()
    {
        var cuts = new List<long>();
        for (var position = Math.Max(1, _entries.Count - _lookAhead); position < _entries.Count; position++)
        {
            if (Judge(position) is { } cut)
            {
                cuts.Add(cut);
            }
        }

        _entries.Clear();
        return cuts;
    }

    private long? Judge(int position)
    {
        var entry = _entries[position];
        var score = entry.Score!.Value;
        if (entry.Index <= _suppressThrough || entry.Index - _lastCut < _options.MinSceneLengthFrames || score < _options.MinContentValue)
        {
            return null;
        }

        double sum = 0;
        var count = 0;
        for (var i = position - _options.WindowWidth; i <= position + _options.WindowWidth; i++)
        {
            if (i != position && i >= 0 && i < _entries.Count && _entries[i].Score is { } neighbour)
            {
                sum += neighbour;
                count++;
            }
        }

        var mean = count == 0 ? 0 : sum / count;
        var ratio = mean > 1e-5 ? Math.Min(score / mean, AdaptiveDetectorOptions.MaxRatio) : AdaptiveDetectorOptions.MaxRatio;
        if (ratio < _options.AdaptiveThreshold)
        {
            return null;
        }

        var reference = _entries[position - 1].Hsv;
        for (var k = 1; k <= _options.FlashMaxFrames && position + k < _entries.Count; k++)
        {
            if (ContentScorer.Combined(reference, _entries[position + k].Hsv, _options.Weights) < _options.MinContentValue)
            {
                // A flash: the picture came back. Its return frame scores high too; it is not a cut either.
                _suppressThrough = _entries[position + k].Index;
                return null;
            }
        }

        _lastCut = entry.Index;
        return entry.Index;
    }

    private sealed record Entry(long Index, HsvFrame Hsv, double? Score);
}
