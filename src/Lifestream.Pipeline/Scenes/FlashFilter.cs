namespace Lifestream.Pipeline.Scenes;

/// <summary>How <see cref="FlashFilter"/> enforces the minimum scene length (PySceneDetect's <c>FlashFilter.Mode</c>).</summary>
public enum FlashFilterMode
{
    /// <summary>Cuts closer than the minimum length to the last above-threshold frame are merged into one (PySceneDetect's default).</summary>
    Merge,

    /// <summary>Cuts closer than the minimum length to the last emitted cut are dropped.</summary>
    Suppress,
}

/// <summary>
/// Port of PySceneDetect's <c>FlashFilter</c> (scenedetect/scene_detector.py, 0.6.4+; scenedetect/detector.py in
/// 0.7), line for line. It turns the per-frame "score is above the threshold" flags into cuts while enforcing
/// the minimum scene length. Its quirks are kept on purpose, because they decide which cuts PySceneDetect reports:
/// <list type="bullet">
/// <item>The first frame seen sets <c>last_above</c>, so no cut can come sooner than <c>length</c> frames after
/// the first frame.</item>
/// <item>Merge: <c>last_above</c> moves to every above-threshold frame, emitted or not; a burst of cuts starting
/// within <c>length</c> of the last one is merged and reported at its last above-threshold frame, once
/// <c>length</c> frames below the threshold have followed it (so up to <c>length</c> frames late). Merging
/// is enabled only after the first emitted cut.</item>
/// <item>Suppress: <c>last_above</c> moves only when a cut is emitted.</item>
/// <item>A merge still open when the video ends is dropped (ContentDetector has no <c>post_process</c>).</item>
/// </list>
/// </summary>
public sealed class FlashFilter
{
    private readonly FlashFilterMode mode;
    private readonly int length;
    private long? lastAbove;
    private bool mergeEnabled;
    private bool mergeTriggered;
    private long mergeStart;

    public FlashFilter(FlashFilterMode mode, int length)
    {
        this.mode = mode;
        this.length = length;
    }

    /// <summary>PySceneDetect's <c>max_behind</c>: how many frames a reported cut can lag the current frame.</summary>
    public int MaxBehind => this.mode == FlashFilterMode.Suppress ? 0 : this.length;

    public IReadOnlyList<long> Filter(long frame, bool aboveThreshold)
    {
        if (!(this.length > 0))
        {
            return aboveThreshold ? [frame] : [];
        }

        lastAbove ??= frame;
        return this.mode == FlashFilterMode.Merge ? FilterMerge(frame, aboveThreshold) : FilterSuppress(frame, aboveThreshold);
    }

    private IReadOnlyList<long> FilterSuppress(long frame, bool aboveThreshold)
    {
        var minLengthMet = frame - lastAbove >= this.length;
        if (!(aboveThreshold && minLengthMet))
        {
            return [];
        }

        lastAbove = frame;
        return [frame];
    }

    private IReadOnlyList<long> FilterMerge(long frame, bool aboveThreshold)
    {
        var minLengthMet = frame - lastAbove >= this.length;
        if (aboveThreshold)
        {
            lastAbove = frame;
        }

        if (mergeTriggered)
        {
            var mergedFrames = lastAbove!.Value - mergeStart;
            if (minLengthMet && !aboveThreshold && mergedFrames >= this.length)
            {
                mergeTriggered = false;
                return [lastAbove.Value];
            }

            return [];
        }

        if (!aboveThreshold)
        {
            return [];
        }

        if (minLengthMet)
        {
            mergeEnabled = true;
            return [frame];
        }

        if (mergeEnabled)
        {
            mergeTriggered = true;
            mergeStart = frame;
        }

        return [];
    }
}
