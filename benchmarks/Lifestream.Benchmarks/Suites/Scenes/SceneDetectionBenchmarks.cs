using BenchmarkDotNet.Attributes;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Benchmarks.Suites.Scenes;

/// <summary>
/// Scene detection against its floor, in the same run (the Ratio column). The floor, "a bare decode" in the
/// issue's sense, is <see cref="FfmpegFrameSource.BareDecodeArguments"/>: ffmpeg with the frame sources' input
/// options, video stream and (default) decoder thread count, decoded to the null muxer. Target from the issue:
/// detection ≤ 1.2× the bare decode. The helper's own decode (<see cref="LibavFrameSource.BareDecodeArguments"/>:
/// the same libavcodec in lifestream-frames, nothing converted or written) is the stricter floor of the default source.
/// The rows in between split the cost: ffmpeg's full-size conversion (still to null); each frame source with nothing
/// scoring (the helper's shared-memory ring, the default; ffmpeg's pipe, the fallback); then the detectors on the
/// default source.
/// Video: LIFESTREAM_BENCH_VIDEO, else fixtures/meeting-60s/meeting-60s.mp4 found above the working directory.
/// Run: dotnet run -c Release --project benchmarks/Lifestream.Benchmarks -- --filter '*SceneDetection*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class SceneDetectionBenchmarks
{
    private string video = "";

    [GlobalSetup]
    public void Setup()
    {
        video = Environment.GetEnvironmentVariable("LIFESTREAM_BENCH_VIDEO") ?? FindFixture();
        if (!MediaToolRunner.OnPath.IsInstalled(MediaTool.FrameDecoder))
        {
            throw new InvalidOperationException("lifestream-frames is not next to the benchmark assemblies: build with gcc, pkg-config and the libav* -dev packages (scripts/setup.sh).");
        }
    }

    [Benchmark(Baseline = true, Description = "bare decode (ffmpeg, same input and threads, -f null)")]
    public Task<string> BareDecode() => Run(MediaTool.Ffmpeg, FfmpegFrameSource.BareDecodeArguments(video));

    [Benchmark(Description = "bare decode (lifestream-frames -decode-only)")]
    public Task<string> HelperBareDecode() => Run(MediaTool.FrameDecoder, LibavFrameSource.BareDecodeArguments(video));

    [Benchmark(Description = "ffmpeg decode + frame conversion, -f null")]
    public Task<string> DecodeAndConvert() => Run(MediaTool.Ffmpeg, FfmpegFrameSource.ConversionOnlyArguments(video));

    [Benchmark(Description = "frame source: lifestream-frames, shared memory (no scoring)")]
    public Task<long> HelperFrameSource() => CountFramesAsync(new LibavFrameSource());

    [Benchmark(Description = "frame source: ffmpeg pipe (no scoring)")]
    public Task<long> PipeFrameSource() => CountFramesAsync(new FfmpegFrameSource());

    [Benchmark(Description = "scene detection (content detector)")]
    public async Task<int> ContentDetection()
    {
        var scan = await SceneScan.RunAsync(new LibavFrameSource(), new ContentDetector(), video, CancellationToken.None);
        return scan.Cuts.Count;
    }

    [Benchmark(Description = "scene detection (adaptive detector)")]
    public async Task<int> AdaptiveDetection()
    {
        var scan = await SceneScan.RunAsync(new LibavFrameSource(), new AdaptiveDetector(), video, CancellationToken.None);
        return scan.Cuts.Count;
    }

    private async Task<long> CountFramesAsync(IAnalysisFrameSource source)
    {
        long frames = 0;
        await foreach (var frame in source.ReadAsync(video, CancellationToken.None))
        {
            frames += frame.Width;
        }

        return frames;
    }

    private static Task<string> Run(MediaTool tool, MediaToolArguments arguments) =>
        MediaToolRunner.OnPath.RunAsync(tool, arguments, new MediaToolRun { Stage = SceneAnalyzer.ScenesStage }, CancellationToken.None);

    private static string FindFixture()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "fixtures", "meeting-60s", "meeting-60s.mp4");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("Set LIFESTREAM_BENCH_VIDEO or run from inside the repository (fixtures/meeting-60s).");
    }
}
