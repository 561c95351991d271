using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Scenes;

/// <summary>Turns cut frame indices and per-frame PTS times into <see cref="Scene"/>s (1-based indices).</summary>
public static class SceneBuilder
{
    /// <param name="cuts">First frames of new scenes (frame 0 is implied and ignored if present).</param>
    /// <param name="frameTimes">PTS time in seconds of every decoded frame, by frame index.</param>
    /// <param name="mediaDurationSeconds">Container duration; ends the last scene when it lies after the last frame.</param>
    public static IReadOnlyList<Scene> Build(IEnumerable<long> cuts, IReadOnlyList<double> frameTimes, double mediaDurationSeconds)
    {
        ArgumentNullException.ThrowIfNull(cuts);
        ArgumentNullException.ThrowIfNull(frameTimes);
        if (frameTimes.Count == 0)
        {
            return [];
        }

        var lastFrame = frameTimes.Count - 1;
        var starts = cuts.Where(c => c > 0 && c <= lastFrame).Distinct().Order().Prepend(0L).ToList();
        var lastInterval = lastFrame > 0 ? frameTimes[lastFrame] - frameTimes[lastFrame - 1] : 0;
        var videoEnd = mediaDurationSeconds > frameTimes[lastFrame] ? mediaDurationSeconds : frameTimes[lastFrame] + lastInterval;
        var scenes = new List<Scene>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            var startFrame = starts[i];
            var endFrame = i + 1 < starts.Count ? starts[i + 1] - 1 : lastFrame;
            var end = i + 1 < starts.Count ? frameTimes[(int)starts[i + 1]] : videoEnd;
            scenes.Add(new Scene(i + 1, frameTimes[(int)startFrame], end, startFrame, endFrame));
        }

        return scenes;
    }
}
