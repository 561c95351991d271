using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Benchmarks.Suites.Scenes;

/// <summary>
/// Scene detection against its floor, in the same run (the Ratio column). The floor, "a bare decode" in the
/// issue's sense, is <see cref="FfmpegFrameSource.BareDecodeArguments"/>: the same ffmpeg, the same input
/// options, the same video stream and the same (default) decoder thread count as the frame source, decoded to
/// the null muxer. Target from the issue: detection ≤ 1.2× the bare decode.
/// The rows in between split the cost: ffmpeg's conversion to the frames we read (still to null), then ffmpeg's frames read through the pipe and discarded, then the
/// frame source with nothing scoring (adds the pipe and our reading), then the detectors.
/// Video: LIFESTREAM_BENCH_VIDEO, else fixtures/meeting-60s/meeting-60s.mp4 found above the working directory.
/// Run: dotnet run -c Release --project benchmarks/Lifestream.Benchmarks -- --filter '*SceneDetection*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class SceneDetectionBenchmarks
{
    private string video = "";

    [GlobalSetup]
    public void Setup() => video = Environment.GetEnvironmentVariable("LIFESTREAM_BENCH_VIDEO") ?? FindFixture();

    [Benchmark(Baseline = true, Description = "bare decode (same ffmpeg input and threads, -f null)")]
    public int BareDecode() => RunFfmpeg(FfmpegFrameSource.BareDecodeArguments(video));

    [Benchmark(Description = "ffmpeg decode + frame conversion, -f null")]
    public int DecodeAndConvert() => RunFfmpeg(FfmpegFrameSource.ConversionOnlyArguments(video));

    [Benchmark(Description = "frame source's ffmpeg, stdout read and discarded")]
    public async Task<long> PipeReadOnly()
    {
        await using var process = MediaToolRunner.OnPath.Start(
            MediaTool.Ffmpeg,
            FfmpegFrameSource.BuildArguments(video),
            new MediaToolRun { Stage = SceneAnalyzer.ScenesStage, ReadStandardOutput = true },
            CancellationToken.None);
        var buffer = new byte[1 << 16];
        long bytes = 0;
        int read;
        while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }

        await process.WaitForExitAsync();
        return bytes;
    }

    [Benchmark(Description = "frame source only (pipe + working frames, no scoring)")]
    public async Task<long> FrameSourceOnly()
    {
        long frames = 0;
        await foreach (var frame in new FfmpegFrameSource().ReadAsync(video, CancellationToken.None))
        {
            frames += frame.Width;
        }

        return frames;
    }

    [Benchmark(Description = "scene detection (content detector)")]
    public async Task<int> ContentDetection()
    {
        var scan = await SceneScan.RunAsync(new FfmpegFrameSource(), new ContentDetector(), video, CancellationToken.None);
        return scan.Cuts.Count;
    }

    [Benchmark(Description = "scene detection (adaptive detector)")]
    public async Task<int> AdaptiveDetection()
    {
        var scan = await SceneScan.RunAsync(new FfmpegFrameSource(), new AdaptiveDetector(), video, CancellationToken.None);
        return scan.Cuts.Count;
    }

    private static int RunFfmpeg(MediaToolArguments arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { UseShellExecute = false };
        foreach (var argument in arguments.ToList())
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.ExitCode;
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
