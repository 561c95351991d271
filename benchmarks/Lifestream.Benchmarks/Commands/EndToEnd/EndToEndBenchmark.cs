using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lifestream.Benchmarks.Commands.EndToEnd;

/// <summary>
/// A measured benchmark command (not BenchmarkDotNet: one run is minutes of work): runs `lifestream process`
/// on each fixture and on generated 1/5/20-minute videos, recording wall time, real-time factor, per-stage
/// times (from the CLI's timings file) and peak memory. Writes BenchmarkDotNet.Artifacts/results/e2e.json.
/// Usage: Lifestream.Benchmarks e2e [--cli path/to/lifestream.dll] [--lengths 1,5,20] [--skip-long]
/// </summary>
public static class EndToEndBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = FindRepositoryRoot();
        var cli = Option(args, "--cli") ?? Path.Combine(root, "src", "Lifestream.Cli", "bin", "Release", "net10.0", "lifestream.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"e2e: {cli} not found; build the solution in Release first.");
            return 2;
        }

        var lengths = (Option(args, "--lengths") ?? "1,5,20").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var scratch = Directory.CreateTempSubdirectory("lifestream-e2e-");
        var results = new JsonArray();
        try
        {
            var inputs = new List<(string Name, string Path)>
            {
                ("meeting-60s", Path.Combine(root, "fixtures", "meeting-60s", "meeting-60s.mp4")),
                ("interview-20s", Path.Combine(root, "fixtures", "interview-20s", "interview-20s.mp4")),
            };
            if (!args.Contains("--skip-long"))
            {
                foreach (var minutes in lengths)
                {
                    inputs.Add(($"generated-{minutes}min", await LongVideo.CreateAsync(inputs[0].Path, minutes, scratch.FullName)));
                }
            }

            foreach (var (name, path) in inputs)
            {
                var result = await MeasureAsync(cli, name, path, Path.Combine(scratch.FullName, name));
                Console.WriteLine(result.ToJsonString());
                results.Add(result);
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        var report = new JsonObject
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):0.#} GiB",
            ["budget"] = "DOTNET_GCHeapHardLimit=8 GiB, CPU affinity to at most 4 cores (the Fargate task size: 4 vCPU / 8 GB)",
            ["runs"] = results,
        };
        var file = await ResultsFile.WriteAsync("e2e.json", report);
        Console.WriteLine($"e2e: wrote {file}");
        return 0;
    }

    private static async Task<JsonObject> MeasureAsync(string cli, string name, string video, string outDir)
    {
        var duration = await LongVideo.DurationSecondsAsync(video);
        var timingsFile = Path.Combine(outDir, "timings.json");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "process", video, "--out", outDir, "--timings", timingsFile, "--quiet" })
        {
            start.ArgumentList.Add(a);
        }

        // The Fargate task's budget: 8 GB for the GC heap; affinity only narrows on machines with more than 4 cores.
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x200000000";
        var startedAt = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        if (Environment.ProcessorCount > 4 && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            process.ProcessorAffinity = 0b1111;
        }

        var run = await ProcessTreeMemorySampler.WatchAsync(process);
        var wall = Stopwatch.GetElapsedTime(startedAt, run.ExitedAt);
        var result = new JsonObject
        {
            ["name"] = name,
            ["media_seconds"] = duration,
            ["wall_seconds"] = wall.TotalSeconds,
            ["rtf"] = wall.TotalSeconds / duration,
            ["peak_rss_main_bytes"] = run.MainPeakBytes,
            ["peak_rss_tree_bytes"] = run.TreePeakBytes,
            ["exit_code"] = process.ExitCode,
        };
        if (process.ExitCode != 0)
        {
            result["error"] = run.StandardError.Trim() + run.StandardOutput.Trim();
        }
        else if (File.Exists(timingsFile))
        {
            result["stages"] = JsonNode.Parse(await File.ReadAllTextAsync(timingsFile));
        }

        return result;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    internal static string FindRepositoryRoot() => Lifestream.LocalAws.Terraform.RepositoryPaths.FindRepositoryRoot();
}
