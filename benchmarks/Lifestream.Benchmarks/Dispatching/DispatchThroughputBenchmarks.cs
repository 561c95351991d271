using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using BenchmarkDotNet.Attributes;
using Lifestream.Aws.Persistence;
using Lifestream.Aws.Queue;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Idempotency;
using Lifestream.LocalAws;
using Lifestream.LocalAws.Events;
using Lifestream.LocalAws.Provisioning;
using Lifestream.LocalAws.Terraform;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Benchmarks.Dispatching;

/// <summary>
/// Messages per second through SQS receive → HeadObject → claim → job → no-op launch → delete, against the
/// emulators (which share the 2 cores). One operation = one message; throughput = 1 / mean.
/// Baseline in the same run: one record at a time (MaxConcurrency = 1, one poller), like the reference
/// Python dispatcher's sequential loop. Each iteration uses fresh objects, so every message claims anew.
/// Run: ./build.sh --target=Bench --bench-filter='*DispatchThroughput*'
/// </summary>
public class DispatchThroughputBenchmarks
{
    private const int MessagesPerIteration = 200;

    private readonly CountingTaskLauncher launcher = new();
    private LocalAwsStack? stack;
    private ProvisionedResources? resources;
    private IAmazonS3? s3;
    private IAmazonSQS? sqs;
    private SqsQueueWorker? worker;
    private int iteration;

    [Params(1, 10)]
    public int BatchSize { get; set; }

    [Params(false, true)]
    public bool Concurrent { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [IterationSetup]
    public void Enqueue() => EnqueueAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = MessagesPerIteration)]
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
        stack = await LocalAwsStack.StartAsync(CancellationToken.None);
        s3 = stack.Clients.CreateS3();
        sqs = stack.Clients.CreateSqs();
        var dynamo = stack.Clients.CreateDynamoDb();
        var module = await TerraformModule.LoadFromRepositoryAsync(CancellationToken.None);
        resources = await new LocalResourceProvisioner().ProvisionAsync(module, EnvironmentNames.NewUnique(), dynamo, sqs, s3, CancellationToken.None);
        var claimPolicy = new IdempotencyOptions();
        var dispatcher = new Dispatcher(
            new DispatcherOptions
            {
                JobsTableName = resources.JobsTableName,
                IdempotencyTableName = resources.IdempotencyTableName,
                MaxConcurrency = Concurrent ? 16 : 1,
            },
            claimPolicy,
            new S3ObjectStore(s3),
            new DynamoDbIdempotencyStore(dynamo, resources.IdempotencyTableName, claimPolicy, TimeProvider.System),
            new DynamoDbJobStore(dynamo, resources.JobsTableName),
            launcher,
            TimeProvider.System,
            NullLogger<Dispatcher>.Instance);
        worker = new SqsQueueWorker(
            sqs,
            resources.UploadsQueue.Url,
            dispatcher.DispatchBatchAsync,
            new SqsQueueWorkerOptions { BatchSize = BatchSize, LongPoll = TimeSpan.FromSeconds(1), Pollers = Concurrent ? 4 : 1 },
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
        // Pollers run concurrently (as Lambda scales out) until every message was dispatched and deleted.
        var pollers = Concurrent ? 4 : 1;
        var target = worker!.Deleted + MessagesPerIteration;
        await Task.WhenAll(Enumerable.Range(0, pollers).Select(async _ =>
        {
            while (worker.Deleted < target)
            {
                await worker.RunOnceAsync(CancellationToken.None);
            }
        }));
    }
}
