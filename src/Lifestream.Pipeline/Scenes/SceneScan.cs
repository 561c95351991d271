namespace Lifestream.Pipeline.Scenes;

/// <summary>Result of running one detector over one video: cut frames and every frame's PTS time.</summary>
public sealed record SceneScanResult(IReadOnlyList<long> Cuts, IReadOnlyList<double> FrameTimes);

/// <summary>Feeds decoded frames to a detector. Decoding happens once; the detector never does I/O.</summary>
public static class SceneScan
{
    public static async Task<SceneScanResult> RunAsync(IAnalysisFrameSource frames, ISceneCutDetector detector, string mediaPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(detector);
        var cuts = new List<long>();
        var times = new List<double>();
        await foreach (var frame in frames.ReadAsync(mediaPath, cancellationToken).WithCancellation(cancellationToken))
        {
            times.Add(frame.PtsSeconds);
            cuts.AddRange(detector.Process(frame));
        }

        cuts.AddRange(detector.Flush());
        return new SceneScanResult(cuts, times);
    }
}
