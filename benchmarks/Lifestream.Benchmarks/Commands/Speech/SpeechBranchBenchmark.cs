using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifestream.Benchmarks.Commands.EndToEnd;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Speech;

namespace Lifestream.Benchmarks.Commands.Speech;

/// <summary>
/// The whole offline speech branch (extraction, VAD, ASR, diarization, attribution) on its own, per input
/// length, each run in a fresh child process so its memory high-water mark is its own: RTF, per-stage times,
/// the .NET process's exact peak RSS (VmHWM) and the sampled peak of its tree (with ffmpeg).
/// Targets (issue #5): RTF ≤ 0.12 on 2 cores, peak ≤ 500 MB for a 20-minute input.
/// Usage: Lifestream.Benchmarks speech [--lengths 1,20]   (the child: speech-run &lt;video&gt; &lt;result.json&gt;)
/// </summary>
public static class SpeechBranchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = EndToEndBenchmark.FindRepositoryRoot();
        var lengths = (OptionValue(args, "--lengths") ?? "1,20").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var scratch = Directory.CreateTempSubdirectory("lifestream-speech-");
        var runs = new JsonArray();
        try
        {
            var fixture = Path.Combine(root, "fixtures", "meeting-60s", "meeting-60s.mp4");
            var inputs = new List<(string Name, string Path)> { ("meeting-60s", fixture) };
            foreach (var minutes in lengths)
            {
                inputs.Add(($"generated-{minutes}min", await LongVideo.CreateAsync(fixture, minutes, scratch.FullName)));
            }

            foreach (var (name, path) in inputs)
            {
                var run = await MeasureAsync(name, path, Path.Combine(scratch.FullName, name + ".json"));
                Console.WriteLine(run.ToJsonString());
                runs.Add(run);
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        var file = await ResultsFile.WriteAsync("speech.json", new JsonObject { ["runs"] = runs });
        Console.WriteLine($"speech: wrote {file}");
        return runs.Any(r => r!["exit_code"]!.GetValue<int>() != 0) ? 1 : 0;
    }

    /// <summary>The child: one speech-branch run, its result written as JSON.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var (video, resultFile) = (args[0], args[1]);
        var options = new SpeechAnalyzerOptions();
        var media = await new FfprobeMediaProber(options.Media).ProbeAsync(video, CancellationToken.None);
        using var analyzer = await SpeechAnalyzerFactory.CreateAsync(options, logger: null, CancellationToken.None);
        var work = Directory.CreateTempSubdirectory("lifestream-speech-run-");
        try
        {
            var clock = Stopwatch.StartNew();
            var result = await analyzer.AnalyzeAsync(video, media, work.FullName, new StageMemoryLog(), CancellationToken.None);
            var stages = new JsonObject();
            foreach (var (stage, seconds) in result.StageTimings)
            {
                stages[stage] = seconds;
            }

            var json = new JsonObject
            {
                ["wall_seconds"] = clock.Elapsed.TotalSeconds,
                ["words"] = result.Segments.Sum(s => s.Words.Count),
                ["speakers"] = result.Speakers.Count,
                ["stages"] = stages,
            };
            await File.WriteAllTextAsync(resultFile, json.ToJsonString());
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<JsonObject> MeasureAsync(string name, string video, string resultFile)
    {
        var duration = await LongVideo.DurationSecondsAsync(video);
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { typeof(SpeechBranchBenchmark).Assembly.Location, "speech-run", video, resultFile })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var watched = await ProcessTreeMemorySampler.WatchAsync(process);
        var run = new JsonObject
        {
            ["name"] = name,
            ["media_seconds"] = duration,
            ["peak_rss_main_bytes"] = watched.MainPeakBytes,
            ["peak_rss_tree_bytes"] = watched.TreePeakBytes,
            ["exit_code"] = process.ExitCode,
        };
        if (process.ExitCode != 0 || !File.Exists(resultFile))
        {
            run["error"] = (watched.StandardError.Trim() + " " + watched.StandardOutput.Trim()).Trim();
            return run;
        }

        var child = JsonNode.Parse(await File.ReadAllTextAsync(resultFile))!.AsObject();
        var wall = child["wall_seconds"]!.GetValue<double>();
        run["wall_seconds"] = wall;
        run["rtf"] = wall / duration;
        run["words"] = child["words"]!.GetValue<int>();
        run["speakers"] = child["speakers"]!.GetValue<int>();
        run["stages"] = child["stages"]!.DeepClone();
        return run;
    }

    private static string? OptionValue(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>Resident and managed memory at every stage boundary, on stderr (where the peak builds up).</summary>
    private sealed class StageMemoryLog : IProgress<Lifestream.Core.Pipeline.StageProgress>
    {
        public void Report(Lifestream.Core.Pipeline.StageProgress value)
        {
            using var self = Process.GetCurrentProcess();
            Console.Error.WriteLine(FormattableString.Invariant(
                $"{value.Stage} {value.State}: rss {self.WorkingSet64 / 1048576} MB, peak {self.PeakWorkingSet64 / 1048576} MB, managed {GC.GetTotalMemory(false) / 1048576} MB"));
        }
    }
}
