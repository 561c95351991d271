using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using BenchmarkDotNet.Attributes;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Idempotency;
using Lifestream.LocalAws;
using Lifestream.LocalAws.Emulators;
using Lifestream.LocalAws.Events;
using Lifestream.LocalAws.Provisioning;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Benchmarks.Suites.Dispatching;

/// <summary>
/// Messages per second through SQS receive → HeadObject → claim → job → no-op launch → delete, against the
/// emulators (which share the 2 cores; DynamoDB Local runs with the JVM's steady-state JIT). One operation =
/// one message; throughput = 1 / mean. Baseline in the same run: batch 1, one record at a time (one poller),
/// like the reference Python dispatcher's sequential loop. Each iteration uses fresh objects, so every message
/// claims anew. Run: ./build.sh --target=Bench --bench-filter='*DispatchThroughput*'
/// </summary>
[WarmupCount(8)] // DynamoDB Local's JVM needs several iterations before C2 has compiled its request path.
public class DispatchThroughputBenchmarks
{
    private const int MessagesPerIteration = 200;

    private readonly RecordingTaskLauncher launcher = new();
    private LocalAwsStack? stack;
    private ProvisionedResources? resources;
    private IAmazonS3? s3;
    private IAmazonSQS? sqs;
    private SqsQueueWorker? worker;
    private int iteration;

    /// <summary>How the queue is consumed.</summary>
    public enum Mode
    {
        /// <summary>Batch 1, one poller, one record at a time: the reference dispatcher's shape.</summary>
        Batch1Sequential,

        /// <summary>Batch 10, one poller, records one at a time.</summary>
        Batch10Sequential,

        /// <summary>Batch 10, several pollers (Lambda scaling out), records of a batch concurrently.</summary>
        Batch10Concurrent,
    }

    [Params(Mode.Batch1Sequential, Mode.Batch10Sequential, Mode.Batch10Concurrent)]
    public Mode Consumption { get; set; }

    private int BatchSize => Consumption == Mode.Batch1Sequential ? 1 : 10;

    private bool Concurrent => Consumption == Mode.Batch10Concurrent;

    private int Pollers => Concurrent ? 2 : 1;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [IterationSetup]
    public void Enqueue() => EnqueueAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = MessagesPerIteration)]
    public void Dispatch() => DrainAsync().GetAwaiter().GetResult();

    [IterationCleanup]
    public void Check()
    {
        if (launcher.Duplicates != 0 || launcher.Total != MessagesPerIteration)
        {
            throw new InvalidOperationException($"Expected {MessagesPerIteration} launches and no duplicate, saw {launcher.Total} with {launcher.Duplicates} duplicates.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        s3?.Dispose();
        sqs?.Dispose();
        stack?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private async Task SetupAsync()
    {
        stack = await LocalAwsStack.StartAsync(EmulatorJitProfile.SteadyState, CancellationToken.None);
        s3 = stack.Clients.CreateS3();
        sqs = stack.Clients.CreateSqs();
        var dynamo = stack.Clients.CreateDynamoDb();
        var module = await TerraformModule.LoadFromRepositoryAsync(CancellationToken.None);
        resources = await new LocalResourceProvisioner().ProvisionAsync(module, EnvironmentNames.NewUnique(), dynamo, sqs, s3, CancellationToken.None);
        var claimPolicy = new IdempotencyOptions();
        var dispatcher = new UploadDispatcher(
            new DispatcherOptions
            {
                JobsTableName = resources.JobsTableName,
                IdempotencyTableName = resources.IdempotencyTableName,
                MaxConcurrency = Concurrent ? 4 : 1,
            },
            claimPolicy,
            new S3ObjectStore(s3),
            new DynamoDbIdempotencyStore(dynamo, resources.IdempotencyTableName, claimPolicy, TimeProvider.System),
            new DynamoDbJobStore(dynamo, resources.JobsTableName),
            launcher,
            TimeProvider.System,
            NullLogger<UploadDispatcher>.Instance);
        worker = new SqsQueueWorker(
            sqs,
            resources.UploadsQueue.Url,
            dispatcher.DispatchBatchAsync,
            new SqsQueueWorkerOptions { BatchSize = BatchSize, LongPoll = TimeSpan.Zero, Pollers = Pollers },
            NullLogger.Instance);
    }

    private async Task EnqueueAsync()
    {
        launcher.Reset();
        iteration++;
        var bucket = resources!.VideosBucket;
        var body = new byte[1024];
        await Parallel.ForEachAsync(Enumerable.Range(0, MessagesPerIteration), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var key = $"uploads/bench-{iteration}-{i}.mp4";
            await s3!.PutObjectAsync(new PutObjectRequest { BucketName = bucket.Name, Key = key, InputStream = new MemoryStream(body) }, ct);
            var eventBody = S3EventNotification.ObjectCreated(bucket.Name, key, body.Length, "\"etag\"", DateTimeOffset.UtcNow, LocalAwsDefaults.Region);
            await sqs!.SendMessageAsync(new SendMessageRequest(resources.UploadsQueue.Url, eventBody), ct);
        });
    }

    private async Task DrainAsync()
    {
        // Pollers run concurrently (as Lambda scales out) until every message was dispatched and deleted. They
        // short-poll: a long poll still waiting when the last message is deleted would be measured as dispatch
        // time, and cancelling it client-side makes the emulator hand the next iteration's first message to a
        // dead connection (hidden for the whole visibility timeout).
        var target = worker!.Deleted + MessagesPerIteration;
        await Task.WhenAll(Enumerable.Range(0, Pollers).Select(async _ =>
        {
            while (worker.Deleted < target)
            {
                if (await worker.RunOnceAsync(CancellationToken.None) == 0)
                {
                    await Task.Yield();
                }
            }
        }));
    }
}
