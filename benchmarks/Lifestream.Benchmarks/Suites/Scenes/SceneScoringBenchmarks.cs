using BenchmarkDotNet.Attributes;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Benchmarks.Suites.Scenes;

/// <summary>
/// Our per-frame CPU work on frames already in memory (no ffmpeg, no pipe), so the detection rows of
/// <see cref="SceneDetectionBenchmarks"/> can be split into decode, transfer and scoring. One operation is one
/// 640×360 frame (the fixture's size): working-size conversion, BGR→HSV and the content score against the previous frame.
/// Run: dotnet run -c Release --project benchmarks/Lifestream.Benchmarks -- --filter '*SceneScoring*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class SceneScoringBenchmarks
{
    private const int SourceWidth = 640;
    private const int SourceHeight = 360;
    private readonly List<AnalysisFrame> frames = [];
    private readonly byte[] fullFrame = new byte[SourceWidth * SourceHeight * 3];
    private OpenCvLinearResize resize = new(SourceWidth, SourceHeight, 1, 1);
    private byte[] workingFrame = [];
    private int next;
    private ContentDetector detector = new();

    [GlobalSetup]
    public void Setup()
    {
        var (width, height) = PySceneDetectDownscale.WorkingSize(SourceWidth, SourceHeight);
        var random = new Random(17);
        for (var i = 0; i < 8; i++)
        {
            var pixels = new byte[width * height * 3];
            random.NextBytes(pixels);
            frames.Add(AnalysisFrame.Create(i, i / 25.0, width, height, pixels));
        }

        this.detector = new ContentDetector();
        random.NextBytes(fullFrame);
        resize = new OpenCvLinearResize(SourceWidth, SourceHeight, width, height);
        workingFrame = new byte[width * height * 3];
    }

    [Benchmark(Description = "working-size resize, one 640x360 frame")]
    public byte ResizeFrame()
    {
        resize.Resize(fullFrame, workingFrame);
        return workingFrame[0];
    }

    [Benchmark(Description = "BGR->HSV only, one working-size frame")]
    public int HsvFrameOnly() => HsvFrame.FromRgb(frames[next++ & 7]).Width;

    [Benchmark(Description = "content detector, one working-size frame")]
    public int ContentDetectorFrame()
    {
        var frame = frames[next++ & 7];
        return this.detector.Process(frame).Count;
    }
}
