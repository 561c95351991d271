using System.Diagnostics;
using System.Globalization;
using Lifestream.Core.Jobs;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Submission;
using Lifestream.LocalAws.Terraform;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Benchmarks.Commands.EndToEnd;

/// <summary>
/// Wall time from submit to results through the local AWS flow (emulators, queue worker, dispatcher, processor
/// process), split by watching the job record every 20 ms: upload + queue wait + dispatch (submit → dispatched),
/// launch (dispatched → running: process start, claim), then the processor's own stage timings.
/// Usage: Lifestream.Benchmarks flow [video]
/// </summary>
public static class SubmitToResultsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = EndToEndBenchmark.FindRepositoryRoot();
        var video = args.FirstOrDefault() ?? Path.Combine(root, "fixtures", "meeting-60s", "meeting-60s.mp4");
        var processor = Path.Combine(root, "src", "Lifestream.Processor.Ecs", "bin", "Release", "net10.0", "Lifestream.Processor.Ecs.dll");
        await using var deployment = await LocalDeployment.StartAsync(
            new LocalDeploymentOptions
            {
                EnvName = EnvironmentNames.NewUnique(),
                ProcessorCommand = ["dotnet", processor],
                Worker = new Lifestream.LocalAws.Events.SqsQueueWorkerOptions { LongPoll = TimeSpan.FromSeconds(1) },
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var submission = await deployment.Submitter.SubmitAsync(video, "bench.mp4", SubmissionMode.S3Event, CancellationToken.None);
        var uploaded = clock.Elapsed;
        var seen = new Dictionary<JobStatus, TimeSpan>();
        JobRecord? job = null;
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            var jobs = await deployment.Jobs.FindByS3KeyAsync(submission.Key, CancellationToken.None);
            if (jobs.Count > 0)
            {
                job = jobs[0];
                seen.TryAdd(job.Status, clock.Elapsed);
                if (job.Status.IsTerminal())
                {
                    break;
                }
            }

            await Task.Delay(20);
        }

        if (job is null || job.Status != JobStatus.Succeeded)
        {
            Console.Error.WriteLine($"flow: job ended {job?.Status.ToWire() ?? "missing"}: {job?.Error}");
            return 1;
        }

        string S(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var dispatched = seen.GetValueOrDefault(JobStatus.Dispatched, seen.GetValueOrDefault(JobStatus.Running));
        var running = seen.GetValueOrDefault(JobStatus.Running, dispatched);
        var done = seen[JobStatus.Succeeded];
        Console.WriteLine($"video {Path.GetFileName(video)}: submit → results {S(done)} s");
        Console.WriteLine($"  upload to S3 (multipart) + event        {S(uploaded)} s");
        Console.WriteLine($"  queue wait + dispatch (→ dispatched)    {S(dispatched - uploaded)} s");
        Console.WriteLine($"  launch (dispatched → running)           {S(running - dispatched)} s");
        Console.WriteLine($"  processor (running → succeeded)         {S(done - running)} s");
        foreach (var (stage, seconds) in job.StageTimings.OrderByDescending(kv => kv.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {stage,-14} {seconds:0.00} s"));
        }

        return 0;
    }
}
