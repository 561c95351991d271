using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Lifestream.Aws.Clients;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Reconciliation;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Events;
using Lifestream.LocalAws.Terraform;
using Microsoft.Extensions.Logging;

namespace Lifestream.LocalAws.Faults;

/// <summary>Settings of one soak run.</summary>
public sealed record FaultSoakOptions
{
    public required int Uploads { get; init; }

    public required int Seed { get; init; }

    /// <summary>The processor host command line (it must honour <c>LIFESTREAM_PIPELINE=stub</c>).</summary>
    public required IReadOnlyList<string> ProcessorCommand { get; init; }

    /// <summary>Uploads in flight at once (each may run several processor processes over its attempts).</summary>
    public int Concurrency { get; init; } = 6;

    /// <summary>Delay of each of the stub pipeline's three stages.</summary>
    public TimeSpan StageDelay { get; init; } = TimeSpan.FromMilliseconds(150);

    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(6);

    public TimeSpan TaskTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>After the last upload, how long the soak waits for every job to settle before counting the rest as lost.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public SoakFaultRates Rates { get; init; } = SoakFaultRates.Default;
}

/// <summary>What a soak run measured.</summary>
public sealed record FaultSoakReport
{
    public required int Seed { get; init; }

    public required int Uploads { get; init; }

    public required int Versions { get; init; }

    public required int Jobs { get; init; }

    public required int JobsTerminal { get; init; }

    public required IReadOnlyDictionary<JobStatus, int> ByStatus { get; init; }

    public required IReadOnlyList<string> FailureReasons { get; init; }

    public required int Lost { get; init; }

    public required IReadOnlyList<string> LostDetail { get; init; }

    public required int ConcurrentDuplicateRuns { get; init; }

    public required int DuplicatePublishedResults { get; init; }

    public required int ProcessorRuns { get; init; }

    public required TimeSpan TimeToDrain { get; init; }

    public required IReadOnlyDictionary<SoakFault, long> FaultsInjected { get; init; }

    public required SettleTimes Settling { get; init; }

    /// <summary>Run records cut short by a kill while being written (their run is then known only from the other record and the process exit).</summary>
    public required int TornRunRecords { get; init; }

    public bool Passed => Lost == 0 && ConcurrentDuplicateRuns == 0 && DuplicatePublishedResults == 0;

    /// <summary>The printed report; its last two lines are <c>lost: N</c> and <c>concurrent duplicate runs: N</c>.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"seed: {Seed}");
        text.AppendLine(CultureInfo.InvariantCulture, $"uploads: {Uploads} ({Versions} object versions incl. overwrites)");
        text.AppendLine(CultureInfo.InvariantCulture, $"faults injected: {string.Join(", ", FaultsInjected.Select(f => $"{f.Key}={f.Value}"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"processor runs: {ProcessorRuns}");
        text.AppendLine(CultureInfo.InvariantCulture, $"jobs: {Jobs}, terminal: {JobsTerminal} ({string.Join(", ", ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key.ToWire()}={s.Value}"))})");
        foreach (var reason in FailureReasons)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  failed: {reason}");
        }

        foreach (var lost in LostDetail)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  lost: {lost}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"run records torn by a kill: {TornRunRecords}");
        text.AppendLine(CultureInfo.InvariantCulture, $"duplicate published results: {DuplicatePublishedResults}");
        text.AppendLine(CultureInfo.InvariantCulture, $"time to drain: {TimeToDrain.TotalSeconds:0.0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"settle without a fault: median {Settling.CleanMedian.TotalSeconds:0.0} s, slowest {Settling.CleanMax.TotalSeconds:0.0} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"settle after the last fault: median {Settling.AfterFaultMedian.TotalSeconds:0.0} s, slowest {Settling.AfterFaultMax.TotalSeconds:0.0} s; bound (lease + sweep interval + the slowest clean run) {Settling.Bound.TotalSeconds:0.0} s, over it: {Settling.OverBound}");
        foreach (var story in Settling.OverBoundStories)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  over the bound: {story}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"lost: {Lost}");
        text.Append(CultureInfo.InvariantCulture, $"concurrent duplicate runs: {ConcurrentDuplicateRuns}");
        return text.ToString();
    }
}

/// <summary>
/// One upload's time to settle: from its put when it had no fault, else from its last fault. <paramref name="Story"/>
/// is what the soak saw of it (its faults and each job status change, timed from the put), printed for the slowest.
/// </summary>
internal sealed record UploadSettle(TimeSpan? Clean, TimeSpan? AfterLastFault, string Story = "");

/// <summary>
/// How fast uploads settled: the ones without a per-upload fault from their put, the others from their last fault.
/// The bound is the issue's target, "terminal within lease + sweep interval after the last fault", plus the time the
/// slowest clean upload of the same run took to go through: after the fault is detected one more run has to happen,
/// and on a loaded machine it can take as long as any fault-free run did (the median would put half of all
/// re-runs over the bound by construction).
/// </summary>
public sealed record SettleTimes(TimeSpan CleanMedian, TimeSpan CleanMax, TimeSpan AfterFaultMedian, TimeSpan AfterFaultMax, TimeSpan Bound, int OverBound)
{
    /// <summary>How many of the uploads over the bound have their story printed.</summary>
    internal const int StoriesShown = 10;

    /// <summary>The slowest uploads over the bound, slowest first: settle time and what happened to them.</summary>
    public IReadOnlyList<string> OverBoundStories { get; init; } = [];

    internal static SettleTimes From(IEnumerable<UploadSettle> settles, TimeSpan leasePlusSweep)
    {
        var all = settles.ToList();
        var clean = all.Where(s => s.Clean is not null).Select(s => s.Clean!.Value).Order().ToList();
        var afterFault = all.Where(s => s.AfterLastFault is not null).Select(s => s.AfterLastFault!.Value).Order().ToList();
        var bound = leasePlusSweep + clean.LastOrDefault();
        return new SettleTimes(Median(clean), clean.LastOrDefault(), Median(afterFault), afterFault.LastOrDefault(), bound, afterFault.Count(t => t > bound))
        {
            OverBoundStories = [.. all
                .Where(s => s.AfterLastFault > bound)
                .OrderByDescending(s => s.AfterLastFault)
                .Take(StoriesShown)
                .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.AfterLastFault!.Value.TotalSeconds:0.0} s after its last fault: {s.Story}"))],
        };
    }

    private static TimeSpan Median(List<TimeSpan> sorted) => sorted.Count == 0 ? TimeSpan.Zero : sorted[sorted.Count / 2];
}

/// <summary>
/// The seeded fault-injection soak (issue 13, "The proof"): the whole local flow on the real emulators with real
/// processor processes running the stub pipeline, every fault of the plan injected, then drained and counted. A job
/// is terminal when succeeded, failed or rejected (interrupted and timed_out are retried by recovery); lost means
/// open after the drain, or an upload's latest version without a job.
/// </summary>
public static class FaultSoak
{
    /// <summary>How often an upload's job status is read while waiting for it to settle (also the resolution of the settle times).</summary>
    private static readonly TimeSpan SettlePoll = TimeSpan.FromMilliseconds(250);

    public static async Task<FaultSoakReport> RunAsync(FaultSoakOptions options, LocalAwsStack stack, ILoggerFactory loggers, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(progress);
        var plans = SoakFaultPlan.Draw(options.Uploads, options.Seed, options.Rates, options.StageDelay * 4);
        var keys = plans.Select(p => $"uploads/soak-{options.Seed}-{p.Index:D5}.mp4").ToList();
        var planByKey = keys.Select((k, i) => (k, plans[i])).ToDictionary(x => x.k, x => x.Item2, StringComparer.Ordinal);
        var counter = new SoakFaultCounter();
        var random = new Random(options.Seed ^ 0x5eed);
        var randomGate = new Lock();
        DynamoDbFault Decide(string operation, bool write)
        {
            double roll;
            lock (randomGate)
            {
                roll = random.NextDouble();
            }

            var throttle = options.Rates.Rates[SoakFault.DynamoDbThrottle];
            return roll < throttle ? DynamoDbFault.Throttle
                : write && roll < throttle + options.Rates.Rates[SoakFault.DynamoDbAppliedThen500] ? DynamoDbFault.AppliedThen500
                : DynamoDbFault.None;
        }

        await using var proxy = new DynamoDbFaultProxy(stack.Endpoints.DynamoDb ?? throw new InvalidOperationException("The stack has no DynamoDB endpoint."), Decide);
        var throughProxy = LocalAwsStack.Connect(new AwsEndpoints(stack.Endpoints.S3, stack.Endpoints.Sqs, proxy.Endpoint));
        var workDir = Directory.CreateTempSubdirectory("lifestream-soak-").FullName;
        var runLog = Path.Combine(workDir, "runs.jsonl");
        var deployment = await LocalDeployment.StartAsync(
            new LocalDeploymentOptions
            {
                EnvName = EnvironmentNames.NewUnique(),
                ProcessorCommand = options.ProcessorCommand,
                ProcessorWorkDir = Path.Combine(workDir, "tasks"),
                TaskTimeout = options.TaskTimeout,
                TaskStopGracePeriod = TimeSpan.FromSeconds(10),
                ClaimPolicy = new IdempotencyOptions { LeaseDuration = options.Lease, MaxAttempts = 3 },
                SweepInterval = options.SweepInterval,
                Worker = new SqsQueueWorkerOptions { LongPoll = TimeSpan.FromSeconds(1), RetryDelay = TimeSpan.FromSeconds(1), Pollers = 2 },
                ExtraTaskEnvironment = new Dictionary<string, string>
                {
                    ["LIFESTREAM_PIPELINE"] = "stub",
                    ["LIFESTREAM_STUB_STAGE_MS"] = ((int)options.StageDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                    ["LIFESTREAM_STUB_RUN_LOG"] = runLog,
                    ["LEASE_RENEW_SECONDS"] = Math.Max(1, (int)(options.Lease.TotalSeconds / 3)).ToString(CultureInfo.InvariantCulture),
                },
                WrapLauncher = inner => new FaultInjectingLauncher((Launching.LocalProcessLauncher)inner, key => planByKey.GetValueOrDefault(key), counter),
                WrapDispatch = DispatcherCrash.Wrap,
            },
            loggers,
            cancellationToken,
            throughProxy).ConfigureAwait(false);
        try
        {
            proxy.Enabled = true;
            // The soak watches and counts through DynamoDB directly: the injected faults are for the system under test, not its observer.
            using var observerDynamoDb = stack.Clients.CreateDynamoDb();
            var observer = new DynamoDbJobStore(observerDynamoDb, deployment.Resources.JobsTableName);
            var bucket = deployment.Resources.VideosBucket;
            var relay = new S3EventRelay(deployment.S3, deployment.Sqs, LocalAwsDefaults.Region);
            var latestETag = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            var versions = 0;
            var started = Stopwatch.StartNew();
            using var slots = new SemaphoreSlim(options.Concurrency);
            var deadline = new CancellationTokenSource();
            var done = 0;
            var submitted = 0;
            var settles = new ConcurrentDictionary<string, UploadSettle>(StringComparer.Ordinal);

            async Task PutAsync(string key, int index, int version)
            {
                var content = Encoding.UTF8.GetBytes($"lifestream soak seed {options.Seed} upload {index} version {version}\n" + new string('x', 4096));
                var put = await deployment.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket.Name, Key = key, InputStream = new MemoryStream(content), ContentType = "video/mp4" }, cancellationToken).ConfigureAwait(false);
                latestETag[key] = IdempotencyKey.NormalizeETag(put.ETag);
                Interlocked.Increment(ref versions);
                await relay.PublishObjectCreatedAsync(bucket, key, "ObjectCreated:Put", cancellationToken).ConfigureAwait(false);
            }

            async Task RunUploadAsync(string key, UploadFaults plan)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var putAt = Stopwatch.GetTimestamp();
                    await PutAsync(key, plan.Index, 1).ConfigureAwait(false);
                    Interlocked.Increment(ref submitted);
                    if (plan.Faults.Contains(SoakFault.DuplicateDelivery))
                    {
                        counter.Add(SoakFault.DuplicateDelivery, key);
                        await relay.PublishObjectCreatedAsync(bucket, key, "ObjectCreated:Put", cancellationToken).ConfigureAwait(false);
                    }

                    if (plan.Faults.Contains(SoakFault.ObjectOverwritten))
                    {
                        await Task.Delay(plan.OverwriteDelay, cancellationToken).ConfigureAwait(false);
                        counter.Add(SoakFault.ObjectOverwritten, key);
                        await PutAsync(key, plan.Index, 2).ConfigureAwait(false);
                    }

                    var settled = false;
                    var story = new UploadStory(key, plan, putAt);
                    while (!deadline.IsCancellationRequested && !(settled = IsSettled(story.Observe(await observer.FindByS3KeyAsync(key, cancellationToken).ConfigureAwait(false)), latestETag[key])))
                    {
                        await Task.Delay(SettlePoll, cancellationToken).ConfigureAwait(false);
                    }

                    if (settled)
                    {
                        var lastFault = counter.LastFaultAt(key);
                        settles[key] = new UploadSettle(
                            lastFault is null ? Stopwatch.GetElapsedTime(putAt) : null,
                            lastFault is { } at ? Stopwatch.GetElapsedTime(at) : null,
                            story.Tell(lastFault));
                    }
                }
                finally
                {
                    slots.Release();
                    var finished = Interlocked.Increment(ref done);
                    if (finished % Math.Max(1, options.Uploads / 10) == 0)
                    {
                        await progress.WriteLineAsync($"  {finished}/{options.Uploads} uploads settled after {started.Elapsed.TotalSeconds:0} s").ConfigureAwait(false);
                    }
                }
            }

            var uploads = keys.Select((key, i) => RunUploadAsync(key, plans[i])).ToList();

            // The drain deadline starts once the last upload is submitted: everything must settle within it.
            _ = Task.Run(
                async () =>
                {
                    while (Volatile.Read(ref submitted) < options.Uploads && !uploads.All(u => u.IsCompleted))
                    {
                        await Task.Delay(250, CancellationToken.None).ConfigureAwait(false);
                    }

                    deadline.CancelAfter(options.DrainTimeout);
                },
                CancellationToken.None);
            await Task.WhenAll(uploads).ConfigureAwait(false);
            var drained = started.Elapsed;
            proxy.Enabled = false;

            // Let the last tasks exit so every run has its stop.
            using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                try
                {
                    await deployment.Launcher!.WaitForAllAsync(exit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            var report = await CountAsync(options, deployment, observer, keys, latestETag, runLog, drained, counter, proxy, versions, settles, cancellationToken).ConfigureAwait(false);
            deadline.Dispose();
            return report;
        }
        finally
        {
            await deployment.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(workDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool IsSettled(IReadOnlyList<JobRecord> found, string latestETag) =>
        found.Count > 0 && found.All(j => j.Status.IsTerminal()) && found.Any(j => j.ETag == latestETag);

    private static async Task<FaultSoakReport> CountAsync(
        FaultSoakOptions options,
        LocalDeployment deployment,
        DynamoDbJobStore observer,
        IReadOnlyList<string> keys,
        ConcurrentDictionary<string, string> latestETag,
        string runLog,
        TimeSpan drained,
        SoakFaultCounter counter,
        DynamoDbFaultProxy proxy,
        int versions,
        IReadOnlyDictionary<string, UploadSettle> settles,
        CancellationToken cancellationToken)
    {
        var allJobs = new List<JobRecord>();
        var lost = new List<string>();
        foreach (var key in keys)
        {
            var found = await observer.FindByS3KeyAsync(key, cancellationToken).ConfigureAwait(false);
            allJobs.AddRange(found);
            lost.AddRange(found.Where(j => !j.Status.IsTerminal()).Select(j => $"{key}: job {j.JobId} still {j.Status.ToWire()} ({j.Error})"));
            if (!found.Any(j => j.ETag == latestETag[key]))
            {
                lost.Add($"{key}: no job for its latest version {latestETag[key]}");
            }
        }

        var duplicateResults = allJobs
            .Where(j => j.Status == JobStatus.Succeeded)
            .GroupBy(j => (j.S3Key, j.ETag))
            .Sum(g => g.Count() - 1);
        var runs = ReadRuns(runLog, deployment.Launcher!.Launched.ToDictionary(p => p.Process.Id, p => p.ExitedAt ?? DateTimeOffset.UtcNow), out var tornRecords);
        var overlaps = runs
            .GroupBy(r => (r.Key, r.ETag))
            .Sum(g => CountOverlaps([.. g]));
        var faults = SoakFaultRates.PerUpload.ToDictionary(f => f, f => counter[f]);
        faults[SoakFault.DynamoDbThrottle] = proxy.Throttled;
        faults[SoakFault.DynamoDbAppliedThen500] = proxy.AppliedThen500Count;
        return new FaultSoakReport
        {
            Seed = options.Seed,
            Uploads = options.Uploads,
            Versions = versions,
            Jobs = allJobs.Count,
            JobsTerminal = allJobs.Count(j => j.Status.IsTerminal()),
            ByStatus = allJobs.GroupBy(j => j.Status).ToDictionary(g => g.Key, g => g.Count()),
            FailureReasons = [.. allJobs.Where(j => j.Status == JobStatus.Failed)
                .GroupBy(j => Shorten(j.Error))
                .OrderByDescending(g => g.Count())
                .Take(8)
                .Select(g => $"{g.Count()} x {g.Key}")],
            Lost = lost.Count,
            LostDetail = [.. lost.Take(20)],
            ConcurrentDuplicateRuns = overlaps,
            DuplicatePublishedResults = duplicateResults,
            ProcessorRuns = deployment.Launcher.Launched.Count,
            TimeToDrain = drained,
            FaultsInjected = faults,
            TornRunRecords = tornRecords,
            Settling = SettleTimes.From(settles.Values, options.Lease + options.SweepInterval),
        };
    }

    private sealed record Run(int Pid, string Key, string ETag, DateTimeOffset Start, DateTimeOffset Stop);

    /// <summary>Pipeline runs from the processors' own start/stop records; a run killed before its stop record ends at its process's exit.</summary>
    private static List<Run> ReadRuns(string runLog, IReadOnlyDictionary<int, DateTimeOffset> exits, out int torn)
    {
        torn = 0;
        if (!File.Exists(runLog))
        {
            return [];
        }

        var starts = new Dictionary<int, (string Key, string ETag, DateTimeOffset At)>();
        var stops = new Dictionary<int, DateTimeOffset>();
        foreach (var line in File.ReadLines(runLog).Where(l => l.Length > 0))
        {
            // A processor killed while writing leaves its record cut short (on a line of its own): count it, skip it.
            using var record = TryParse(line);
            if (record is null)
            {
                torn++;
                continue;
            }

            var root = record.RootElement;
            var pid = root.GetProperty("pid").GetInt32();
            var at = DateTimeOffset.Parse(root.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
            if (root.GetProperty("event").GetString() == "start")
            {
                starts[pid] = (root.GetProperty("s3_key").GetString()!, root.GetProperty("etag").GetString()!, at);
            }
            else
            {
                stops[pid] = at;
            }
        }

        return [.. starts.Select(s => new Run(s.Key, s.Value.Key, s.Value.ETag, s.Value.At, stops.TryGetValue(s.Key, out var stop) ? stop : exits.GetValueOrDefault(s.Key, DateTimeOffset.UtcNow)))];
    }

    private static JsonDocument? TryParse(string line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int CountOverlaps(List<Run> runs)
    {
        var count = 0;
        for (var i = 0; i < runs.Count; i++)
        {
            for (var j = i + 1; j < runs.Count; j++)
            {
                if (runs[i].Start < runs[j].Stop && runs[j].Start < runs[i].Stop)
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static string Shorten(string? error)
    {
        var text = error ?? "(no error)";
        return text.Length <= 140 ? text : text[..140] + "…";
    }
}

/// <summary>What the soak saw of one upload while waiting for it: each change of its jobs' status or attempt, timed from the put.</summary>
internal sealed class UploadStory(string key, UploadFaults plan, long putAt)
{
    private readonly List<string> changes = [];
    private readonly Dictionary<string, (JobStatus Status, int Attempt)> seen = new(StringComparer.Ordinal);

    public IReadOnlyList<JobRecord> Observe(IReadOnlyList<JobRecord> jobs)
    {
        foreach (var job in jobs)
        {
            var now = (job.Status, job.Attempts);
            if (!seen.TryGetValue(job.JobId, out var before) || before != now)
            {
                seen[job.JobId] = now;
                var error = job.Error is { Length: > 0 } e ? $" ({(e.Length > 80 ? e[..80] + "…" : e)})" : "";
                changes.Add(string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetElapsedTime(putAt).TotalSeconds:0.0}s …{job.JobId[Math.Max(0, job.JobId.Length - 6)..]} {job.Status.ToWire()}#{job.Attempts}{error}"));
            }
        }

        return jobs;
    }

    public string Tell(long? lastFaultAt)
    {
        var faults = plan.Faults.Count == 0 ? "no fault" : string.Join("+", plan.Faults.Order());
        var last = lastFaultAt is { } at ? string.Create(CultureInfo.InvariantCulture, $", last fault at {Stopwatch.GetElapsedTime(putAt, at).TotalSeconds:0.0}s") : "";
        return $"{key} [{faults}{last}] {string.Join(" → ", changes)}";
    }
}
