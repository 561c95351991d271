using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifestream.Benchmarks.Commands.LambdaStartup;
using Lifestream.LocalAws.Emulators;

namespace Lifestream.Benchmarks.Commands.Api;

/// <summary>
/// Cold start of the API host as the Lambda Web Adapter sees it, measured as the dispatcher's was: start a
/// fresh process N times per build (builds alternate run by run; one untimed warm-up start per build) and time
/// process start → the first 200 of GET /healthz (the adapter's readiness check, polled every 2 ms) → the first
/// 200 of a real request (GET /api/v1/jobs/{id}: DynamoDB Local behind it). Ratios: median / the Release build's.
/// Writes BenchmarkDotNet.Artifacts/results/api-start.json.
/// Usage: Lifestream.Benchmarks api-start [--runs 10] [--baseline path/to/Lifestream.Api] [--publish path] [--variant name=path]…
/// </summary>
public static class ApiStartBenchmark
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = EndToEnd.EndToEndBenchmark.FindRepositoryRoot();
        var runs = int.Parse(LambdaStartupBenchmark.Option(args, "--runs") ?? "10", CultureInfo.InvariantCulture);
        BootstrapBuild[] builds =
        [
            new("release", "Release build, framework-dependent apphost, JIT only (baseline)", LambdaStartupBenchmark.Option(args, "--baseline") ?? Path.Combine(root, "src", "Lifestream.Api", "bin", "Release", "net10.0", "Lifestream.Api")),
            new("api-publish", "ApiPublish: self-contained linux-x64, trimmed, composite ReadyToRun (what the API zip holds)", LambdaStartupBenchmark.Option(args, "--publish") ?? Path.Combine(root, "artifacts", "api", "Lifestream.Api")),
            .. LambdaStartupBenchmark.Options(args, "--variant").Select(BootstrapBuild.Variant),
        ];
        var missing = builds.Where(b => !File.Exists(b.Executable)).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"api-start: not found: {string.Join(", ", missing.Select(b => b.Executable))}. Build in Release and run ./build.sh --target=ApiPublish first.");
            return 2;
        }

        await using var environment = await ApiBenchEnvironment.StartAsync(jobs: 1, CancellationToken.None);
        var jobPath = $"/api/v1/jobs/{environment.JobIds[0]}";
        var ready = builds.ToDictionary(b => b, _ => new List<double>());
        var first = builds.ToDictionary(b => b, _ => new List<double>());
        var failures = builds.ToDictionary(b => b, _ => new JsonArray());
        foreach (var build in builds)
        {
            await MeasureAsync(build, environment, jobPath);
        }

        for (var i = 0; i < runs; i++)
        {
            foreach (var build in builds)
            {
                var sample = await MeasureAsync(build, environment, jobPath);
                if (sample.Failure is null)
                {
                    ready[build].Add(sample.ReadyMs);
                    first[build].Add(sample.FirstRequestMs);
                }
                else
                {
                    failures[build].Add(sample.Failure);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"api-start: {build.Name} run {i + 1}: ready {sample.ReadyMs:0.0} ms, first request answered {sample.FirstRequestMs:0.0} ms{(sample.Failure is null ? string.Empty : " FAILED " + sample.Failure)}"));
            }
        }

        var results = new JsonArray();
        foreach (var build in builds)
        {
            var entry = new JsonObject
            {
                ["name"] = build.Name,
                ["description"] = build.Description,
                ["executable"] = build.Executable,
                ["package_mb"] = Math.Round(DirectorySize(Path.GetDirectoryName(build.Executable)!) / 1048576.0, 1),
                ["failures"] = failures[build],
            };
            if (first[build].Count > 0)
            {
                entry["ready_median_ms"] = Math.Round(StartupStatistics.Median(ready[build]), 1);
                entry["first_request_median_ms"] = Math.Round(StartupStatistics.Median(first[build]), 1);
                entry["first_request_p90_ms"] = Math.Round(StartupStatistics.Percentile(first[build], 90), 1);
                entry["first_request_samples_ms"] = new JsonArray([.. first[build].Select(m => JsonValue.Create(Math.Round(m, 1)))]);
                if (first[builds[0]].Count > 0)
                {
                    entry["ratio_to_release"] = Math.Round(StartupStatistics.Median(first[build]) / StartupStatistics.Median(first[builds[0]]), 3);
                }
            }

            results.Add(entry);
        }

        var report = new JsonObject
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["runs_per_build"] = runs,
            ["measured"] = "wall time from Process.Start of the API host to (a) the first 200 of GET /healthz and (b) the first 200 of GET /api/v1/jobs/{id} sent right after (b includes a); emulators on loopback",
            ["builds"] = results,
        };
        var file = await ResultsFile.WriteAsync("api-start.json", report);
        Console.WriteLine($"api-start: wrote {file}");
        return builds.All(b => failures[b].Count == 0) ? 0 : 1;
    }

    private static async Task<(double ReadyMs, double FirstRequestMs, string? Failure)> MeasureAsync(BootstrapBuild build, ApiBenchEnvironment environment, string jobPath)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo(build.Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment.ProcessEnvironment(port))
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {build.Executable}");
        process.OutputDataReceived += (_, e) => HostStartMeasurement.Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => HostStartMeasurement.Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            double ready = 0;
            while (ready == 0)
            {
                if (stopwatch.Elapsed > Patience || process.HasExited)
                {
                    return (0, 0, $"not ready within {Patience.TotalSeconds:0} s (exited: {process.HasExited}): {HostStartMeasurement.Tail(output)}");
                }

                try
                {
                    using var health = await http.GetAsync("/healthz");
                    if (health.StatusCode == HttpStatusCode.OK)
                    {
                        ready = stopwatch.Elapsed.TotalMilliseconds;
                    }
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(2);
                }
            }

            using var response = await http.GetAsync(jobPath);
            var body = await response.Content.ReadAsStringAsync();
            var answered = stopwatch.Elapsed.TotalMilliseconds;
            return response.StatusCode == HttpStatusCode.OK
                ? (ready, answered, null)
                : (ready, answered, $"GET {jobPath}: {(int)response.StatusCode} {body}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static long DirectorySize(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.TopDirectoryOnly).Sum(f => new FileInfo(f).Length);
}
