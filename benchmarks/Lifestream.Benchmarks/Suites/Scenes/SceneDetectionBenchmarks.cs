using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Benchmarks.Suites.Scenes;

/// <summary>
/// Scene detection throughput against its floor, a bare video-only ffmpeg decode of the same file, in
/// the same run (the Ratio column). Target from the issue: ≤ 1.2× the bare decode.
/// Video: LIFESTREAM_BENCH_VIDEO, else fixtures/meeting-60s/meeting-60s.mp4 found above the working directory.
/// Run: dotnet run -c Release --project benchmarks/Lifestream.Benchmarks -- --filter '*SceneDetection*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class SceneDetectionBenchmarks
{
    private string video = "";

    [GlobalSetup]
    public void Setup() => video = Environment.GetEnvironmentVariable("LIFESTREAM_BENCH_VIDEO") ?? FindFixture();

    [Benchmark(Baseline = true, Description = "bare ffmpeg decode (-map 0:v:0 -an -f null -)")]
    public int BareDecode()
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg")
        {
            ArgumentList = { "-nostdin", "-hide_banner", "-loglevel", "error", "-i", video, "-map", "0:v:0", "-an", "-f", "null", "-" },
            UseShellExecute = false,
        })!;
        process.WaitForExit();
        return process.ExitCode;
    }

    [Benchmark(Description = "scene detection (content detector, PySceneDetect working size)")]
    public async Task<int> ContentDetection()
    {
        var scan = await SceneScan.RunAsync(new FfmpegFrameSource(), new ContentDetector(), video, CancellationToken.None);
        return scan.Cuts.Count;
    }

    [Benchmark(Description = "scene detection (content detector, PySceneDetect working size, loop filter skipped)")]
    public async Task<int> ContentDetectionSkipLoopFilter()
    {
        var scan = await SceneScan.RunAsync(new FfmpegFrameSource(skipLoopFilter: true), new ContentDetector(), video, CancellationToken.None);
        return scan.Cuts.Count;
    }

    [Benchmark(Description = "scene detection (adaptive detector, PySceneDetect working size)")]
    public async Task<int> AdaptiveDetection()
    {
        var scan = await SceneScan.RunAsync(new FfmpegFrameSource(), new AdaptiveDetector(), video, CancellationToken.None);
        return scan.Cuts.Count;
    }

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
