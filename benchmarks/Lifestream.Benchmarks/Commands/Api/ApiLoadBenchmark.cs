using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifestream.Api;
using Lifestream.Benchmarks.Commands.LambdaStartup;
using Lifestream.Cli.Local;
using Microsoft.Extensions.Logging;

namespace Lifestream.Benchmarks.Commands.Api;

/// <summary>
/// A loopback load test of the upload API (issue #15: 50 concurrent clients, bounded time; target p99 ≤ 50 ms
/// for status with the emulators, 0 errors). The API runs in this process on Kestrel over the emulators;
/// each client loops over GET /api/v1/jobs/{id} (a random seeded job) and, every fifth request,
/// GET /api/v1/jobs?limit=20. Two runs after an uncounted warm-up: "saturation" (no pause between a client's
/// requests: the machine's throughput decides the latency, 50 in flight / throughput) and "paced" (each client
/// sends one request per --pace-ms, far more often than a page polling a job does).
/// Writes BenchmarkDotNet.Artifacts/results/api-load.json.
/// Usage: Lifestream.Benchmarks api-load [--clients 50] [--seconds 20] [--jobs 200] [--pace-ms 100]
/// </summary>
public static class ApiLoadBenchmark
{
    public const double TargetStatusP99Milliseconds = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = int.Parse(LambdaStartupBenchmark.Option(args, "--clients") ?? "50", CultureInfo.InvariantCulture);
        var seconds = double.Parse(LambdaStartupBenchmark.Option(args, "--seconds") ?? "20", CultureInfo.InvariantCulture);
        var jobCount = int.Parse(LambdaStartupBenchmark.Option(args, "--jobs") ?? "200", CultureInfo.InvariantCulture);
        var pace = TimeSpan.FromMilliseconds(int.Parse(LambdaStartupBenchmark.Option(args, "--pace-ms") ?? "100", CultureInfo.InvariantCulture));
        await using var environment = await ApiBenchEnvironment.StartAsync(jobCount, CancellationToken.None);
        var settings = environment.Settings;
        var app = ApiHost.Build(settings, LocalApi.Ports(environment.Deployment, settings), "http://127.0.0.1:0", logging => logging.ClearProviders());
        await using (app)
        {
            await app.StartAsync();
            var address = new Uri(app.Urls.First());
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

            await DriveAsync(http, environment.JobIds, clients, TimeSpan.FromSeconds(3), pace: null);
            var saturation = await DriveAsync(http, environment.JobIds, clients, TimeSpan.FromSeconds(seconds), pace: null);
            var paced = await DriveAsync(http, environment.JobIds, clients, TimeSpan.FromSeconds(seconds), pace);
            await app.StopAsync();

            var report = new JsonObject
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
                ["clients"] = clients,
                ["seconds"] = seconds,
                ["seeded_jobs"] = jobCount,
                ["target_status_p99_ms"] = TargetStatusP99Milliseconds,
                ["measured"] = "client-side latency of each request (HttpClient send to body read) on loopback; the API, fauxqs and DynamoDB Local share the machine's cores with the clients",
                ["pace_ms"] = pace.TotalMilliseconds,
                ["saturation"] = Summary(saturation, seconds),
                ["paced"] = Summary(paced, seconds),
            };
            var file = await ResultsFile.WriteAsync("api-load.json", report);
            Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"api-load: wrote {file}");
            return saturation.Errors + paced.Errors == 0 ? 0 : 1;
        }
    }

    private static JsonObject Summary(LoadRun run, double seconds) => new()
    {
        ["status"] = Latencies(run.Status, seconds),
        ["list"] = Latencies(run.List, seconds),
        ["errors"] = run.Errors,
        ["error_samples"] = new JsonArray([.. run.ErrorSamples.Take(5).Select(e => JsonValue.Create(e))]),
    };

    private static JsonObject Latencies(List<double> samples, double seconds) => samples.Count == 0
        ? new JsonObject { ["requests"] = 0 }
        : new JsonObject
        {
            ["requests"] = samples.Count,
            ["per_second"] = Math.Round(samples.Count / seconds, 1),
            ["p50_ms"] = Math.Round(StartupStatistics.Percentile(samples, 50), 2),
            ["p90_ms"] = Math.Round(StartupStatistics.Percentile(samples, 90), 2),
            ["p99_ms"] = Math.Round(StartupStatistics.Percentile(samples, 99), 2),
            ["max_ms"] = Math.Round(samples.Max(), 2),
        };

    private static async Task<LoadRun> DriveAsync(HttpClient http, IReadOnlyList<string> jobIds, int clients, TimeSpan duration, TimeSpan? pace)
    {
        var run = new LoadRun();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            var status = new List<double>();
            var list = new List<double>();
            var n = 0;
            var next = Stopwatch.GetTimestamp() + (pace is { } p0 ? (long)(random.NextDouble() * p0.TotalSeconds * Stopwatch.Frequency) : 0);
            while (Stopwatch.GetTimestamp() < until)
            {
                if (pace is { } p)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }

                    next += (long)(p.TotalSeconds * Stopwatch.Frequency);
                }

                var isList = n++ % 5 == 4;
                var path = isList ? "/api/v1/jobs?limit=20" : $"/api/v1/jobs/{jobIds[random.Next(jobIds.Count)]}";
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(path);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK || body.Length == 0)
                    {
                        run.Fail($"{path}: {(int)response.StatusCode}");
                        continue;
                    }

                    (isList ? list : status).Add(elapsed);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    run.Fail($"{path}: {ex.GetType().Name}");
                }
            }

            lock (run)
            {
                run.Status.AddRange(status);
                run.List.AddRange(list);
            }
        })).ToList();
        await Task.WhenAll(workers);
        return run;
    }

    private sealed class LoadRun
    {
        private int errors;

        public List<double> Status { get; } = [];

        public List<double> List { get; } = [];

        public List<string> ErrorSamples { get; } = [];

        public int Errors => errors;

        public void Fail(string sample)
        {
            Interlocked.Increment(ref errors);
            lock (ErrorSamples)
            {
                if (ErrorSamples.Count < 20)
                {
                    ErrorSamples.Add(sample);
                }
            }
        }
    }
}
