using System.Diagnostics;
using System.Globalization;
using Lifestream.Benchmarks.Commands.EndToEnd;
using Lifestream.Core.Jobs;
using Lifestream.Core.Processing;
using Lifestream.LocalAws;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Submission;
using Lifestream.LocalAws.Terraform;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Benchmarks.Commands.StreamingIntake;

/// <summary>
/// Processor wall time (job running → succeeded) of the same video with LIFESTREAM_STREAMING_INTAKE on and off,
/// through the local AWS flow, once with the emulator's loopback speed and once behind a per-connection
/// throttle. Runs alternate on/off so drift on the shared machine hits both; the ratio is on/off in one run.
/// The throttle emulates a big upload: the download takes as long per minute of video as a recording of
/// --bitrate-mbps over one S3 GET stream of --s3-mbyte-s would.
/// Usage: Lifestream.Benchmarks streaming [--video f] [--minutes 5] [--reps 2] [--bitrate-mbps 5] [--s3-mbyte-s 80]
/// </summary>
public static class StreamingIntakeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchmarkArguments.Parse(args);
        var root = EndToEndBenchmark.FindRepositoryRoot();
        var processor = Path.Combine(root, "src", "Lifestream.Processor.Ecs", "bin", "Release", "net10.0", "Lifestream.Processor.Ecs.dll");
        if (!File.Exists(processor))
        {
            Console.Error.WriteLine($"streaming: build the processor first (dotnet build -c Release src/Lifestream.Processor.Ecs): {processor}");
            return 2;
        }

        var scratch = Directory.CreateTempSubdirectory("lifestream-streaming-bench-");
        try
        {
            var video = options.Video ?? await LongVideo.CreateAsync(Path.Combine(root, "fixtures", "meeting-60s", "meeting-60s.mp4"), options.Minutes, scratch.FullName);
            var seconds = await LongVideo.DurationSecondsAsync(video);
            var bytes = new FileInfo(video).Length;
            var emulatedDownloadSeconds = seconds * (options.BitrateMbps / 8) / options.S3MegabytesPerSecond;
            var throttle = bytes / emulatedDownloadSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"video {Path.GetFileName(video)}: {seconds:0} s, {bytes / 1e6:0.0} MB; throttle {throttle / 1e6:0.00} MB/s per connection (download ≈ {emulatedDownloadSeconds:0.0} s, as {options.BitrateMbps} Mbit/s video over {options.S3MegabytesPerSecond} MB/s)"));

            await using var stack = await LocalAwsStack.StartAsync(CancellationToken.None);
            var s3 = stack.Endpoints.S3 ?? throw new InvalidOperationException("The local stack has no S3 endpoint.");
            var results = new List<Measurement>();
            foreach (var (scenario, rate) in new[] { ("loopback (unthrottled)", (double?)null), ("throttled", throttle) })
            {
                await using var proxy = rate is { } r ? new ThrottlingTcpProxy(s3, r) : null;
                await using var on = await DeployAsync(stack, processor, streaming: true, proxy?.Endpoint);
                await using var off = await DeployAsync(stack, processor, streaming: false, proxy?.Endpoint);
                Console.WriteLine($"{await MeasureAsync(off, video, scenario, streaming: false)} (warm-up, not counted)");
                for (var rep = 0; rep < options.Reps; rep++)
                {
                    foreach (var (deployment, streaming) in rep % 2 == 0 ? new[] { (on, true), (off, false) } : [(off, false), (on, true)])
                    {
                        var measurement = await MeasureAsync(deployment, video, scenario, streaming);
                        Console.WriteLine(measurement);
                        results.Add(measurement);
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine("| scenario | streaming off: processor s (median) | streaming on: processor s (median) | on / off |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            foreach (var group in results.GroupBy(m => m.Scenario))
            {
                var off = Median(group.Where(m => !m.Streaming).Select(m => m.ProcessorSeconds));
                var on = Median(group.Where(m => m.Streaming).Select(m => m.ProcessorSeconds));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {group.Key} | {off:0.00} | {on:0.00} | {on / off:0.000} |"));
            }

            return 0;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static Task<LocalDeployment> DeployAsync(LocalAwsStack stack, string processor, bool streaming, Uri? s3Endpoint)
    {
        var extra = new Dictionary<string, string>(StringComparer.Ordinal) { [ProcessorEnvironmentVariables.StreamingIntake] = streaming ? "true" : "false" };
        if (s3Endpoint is not null)
        {
            extra["AWS_ENDPOINT_URL_S3"] = s3Endpoint.ToString();
        }

        return LocalDeployment.StartAsync(
            new LocalDeploymentOptions
            {
                EnvName = EnvironmentNames.NewUnique(),
                ProcessorCommand = ["dotnet", processor],
                Worker = new Lifestream.LocalAws.Events.SqsQueueWorkerOptions { LongPoll = TimeSpan.FromSeconds(1) },
                ExtraTaskEnvironment = extra,
                TaskTimeout = TimeSpan.FromMinutes(10),
            },
            NullLoggerFactory.Instance,
            CancellationToken.None,
            stack);
    }

    /// <summary>Submits, then watches the job record every 20 ms: processor time is running → succeeded.</summary>
    private static async Task<Measurement> MeasureAsync(LocalDeployment deployment, string video, string scenario, bool streaming)
    {
        // A fresh key per run: jobs are looked up by key, and an earlier run's succeeded job must not be found.
        var submission = await deployment.Submitter.SubmitAsync(video, $"bench-{Guid.NewGuid():N}.mp4", SubmissionMode.S3Event, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        TimeSpan? running = null;
        while (clock.Elapsed < TimeSpan.FromMinutes(12))
        {
            var jobs = await deployment.Jobs.FindByS3KeyAsync(submission.Key, CancellationToken.None);
            if (jobs.Count > 0)
            {
                var job = jobs[0];
                if (job.Status == JobStatus.Running)
                {
                    running ??= clock.Elapsed;
                }

                if (job.Status.IsTerminal())
                {
                    if (job.Status != JobStatus.Succeeded || running is null)
                    {
                        throw new InvalidOperationException($"streaming benchmark: job ended {job.Status.ToWire()}: {job.Error}");
                    }

                    return new Measurement(scenario, streaming, (clock.Elapsed - running.Value).TotalSeconds, job.StageTimings);
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("streaming benchmark: the job did not finish within 12 minutes (a processor that crashed leaves its job running).");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Measurement(string Scenario, bool Streaming, double ProcessorSeconds, IReadOnlyDictionary<string, double> Stages)
    {
        public override string ToString()
        {
            string Stage(string name) => Stages.TryGetValue(name, out var s) ? s.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            return string.Create(CultureInfo.InvariantCulture,
                $"{Scenario,-24} streaming {(Streaming ? "on " : "off")}: processor {ProcessorSeconds:0.00} s (download {Stage("download")}, pipeline {Stage("pipeline")}, probe {Stage("probe")}, audio {Stage("audio")}, speech {Stage("speech")}, verify {Stage("verify")}, video {Stage("video")}, upload {Stage("upload")})");
        }
    }
}
