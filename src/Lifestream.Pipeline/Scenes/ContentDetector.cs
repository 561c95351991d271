namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// Port of PySceneDetect's ContentDetector: a cut where the HSV content score between consecutive frames
/// reaches <see cref="ContentDetectorOptions.Threshold"/>, at least
/// <see cref="ContentDetectorOptions.MinSceneLengthFrames"/> after the previous cut, plus a flash guard
/// (see <see cref="ContentDetectorOptions.FlashMaxFrames"/>). Gradual transitions (fades, dissolves)
/// change little per frame and are not cuts for this detector — the same as PySceneDetect.
/// </summary>
public sealed class ContentDetector : ISceneCutDetector
{
    private readonly ContentDetectorOptions _options;
    private HsvFrame? _previous;
    private long _lastCut;
    private Candidate? _pending;

    public ContentDetector(ContentDetectorOptions? options = null)
    {
        _options = options ?? new ContentDetectorOptions();
        _options.Validate();
        Settings = _options.ToSettings();
    }

    public string Name => "content";

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Combined score of the last frame against its predecessor (diagnostics and tests).</summary>
    public double LastScore { get; private set; }

    public IReadOnlyList<long> Process(AnalysisFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var current = HsvFrame.FromRgb(frame);
        if (_previous is null)
        {
            _previous = current;
            _lastCut = frame.Index;
            return [];
        }

        IReadOnlyList<long> confirmed = [];
        if (_pending is { } pending)
        {
            if (ContentScorer.Combined(pending.Reference, current, _options.Weights) < _options.Threshold)
            {
                // Back to the picture before the candidate: a flash, not a cut. Resume from here.
                _pending = null;
                _previous = current;
                LastScore = 0;
                return [];
            }

            pending.FramesWatched++;
            if (pending.FramesWatched < _options.FlashMaxFrames)
            {
                _previous = current;
                return [];
            }

            _pending = null;
            _lastCut = pending.Frame;
            confirmed = [pending.Frame];
        }

        LastScore = ContentScorer.Combined(_previous, current, _options.Weights);
        if (LastScore >= _options.Threshold && frame.Index - _lastCut >= _options.MinSceneLengthFrames)
        {
            if (_options.FlashMaxFrames == 0)
            {
                _lastCut = frame.Index;
                confirmed = [.. confirmed, frame.Index];
            }
            else
            {
                _pending = new Candidate(frame.Index, _previous);
            }
        }

        _previous = current;
        return confirmed;
    }

    /// <summary>A candidate still being watched when the video ends is reported: no flash was proven.</summary>
    public IReadOnlyList<long> Flush()
    {
        if (_pending is not { } pending)
        {
            return [];
        }

        _pending = null;
        _lastCut = pending.Frame;
        return [pending.Frame];
    }

    private sealed class Candidate(long frame, HsvFrame reference)
    {
        public long Frame { get; } = frame;

        /// <summary>The last frame before the candidate cut.</summary>
        public HsvFrame Reference { get; } = reference;

        public int FramesWatched { get; set; }
    }
}
