using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Processing;
using Lifestream.LocalAws;
using Lifestream.LocalAws.Provisioning;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Integration.Processing;

/// <summary>
/// Does what the dispatcher does before RunTask — object uploaded, job created, claim taken, job dispatched —
/// against the emulator tables and bucket the Terraform module describes, and builds the processor's env.
/// </summary>
internal sealed class ProcessorHostScenario : IDisposable
{
    private static readonly SemaphoreSlim ProvisionGate = new(1, 1);
    private static ProvisionedResources? provisioned;

    private readonly LocalAwsStack stack;
    private readonly ProvisionedResources resources;

    private ProcessorHostScenario(LocalAwsStack stack, ProvisionedResources resources)
    {
        this.stack = stack;
        this.resources = resources;
        S3 = stack.Clients.CreateS3();
        DynamoDb = stack.Clients.CreateDynamoDb();
        Jobs = new DynamoDbJobStore(DynamoDb, resources.JobsTableName);
        Claims = new DynamoDbIdempotencyStore(DynamoDb, resources.IdempotencyTableName, new IdempotencyOptions(), TimeProvider.System);
        WorkDir = Directory.CreateTempSubdirectory("lifestream-host-").FullName;
        TempDir = Directory.CreateTempSubdirectory("lifestream-host-inputs-").FullName;
    }

    public IAmazonS3 S3 { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    public DynamoDbJobStore Jobs { get; }

    public DynamoDbIdempotencyStore Claims { get; }

    public string Bucket => resources.VideosBucket.Name;

    /// <summary>The processor's WORK_DIR; every path must leave it empty.</summary>
    public string WorkDir { get; }

    /// <summary>Where a test builds its input files.</summary>
    public string TempDir { get; }

    public static async Task<ProcessorHostScenario> CreateAsync(LocalAwsStack stack)
    {
        await ProvisionGate.WaitAsync();
        try
        {
            if (provisioned is null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                var module = await TerraformModule.LoadFromRepositoryAsync(timeout.Token);
                using var dynamo = stack.Clients.CreateDynamoDb();
                using var sqs = stack.Clients.CreateSqs();
                using var s3 = stack.Clients.CreateS3();
                var envName = "proc" + Guid.NewGuid().ToString("N")[..8];
                provisioned = await new LocalResourceProvisioner().ProvisionAsync(module, envName, dynamo, sqs, s3, timeout.Token);
            }
        }
        finally
        {
            ProvisionGate.Release();
        }

        return new ProcessorHostScenario(stack, provisioned);
    }

    /// <summary>Uploads <paramref name="localFile"/> (or nothing: a missing object) and prepares job + claim like the dispatcher.</summary>
    public async Task<Submission> SubmitAsync(string? localFile, string fileName, bool stall = false)
    {
        var key = $"uploads/{(stall ? "stall/" : string.Empty)}{Guid.NewGuid():N}/{fileName}";
        string etag;
        if (localFile is not null)
        {
            // TransferUtility switches to multipart above 16 MiB, as real uploads of long videos do.
            using var transfer = new TransferUtility(S3);
            await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = Bucket, Key = key, FilePath = localFile });
            etag = IdempotencyKey.NormalizeETag((await S3.GetObjectMetadataAsync(Bucket, key)).ETag);
        }
        else
        {
            etag = Guid.NewGuid().ToString("N");
        }

        var jobId = Guid.CreateVersion7().ToString("N");
        var now = DateTimeOffset.UtcNow;
        Assert.True(await Jobs.TryCreateAsync(new JobRecord { JobId = jobId, S3Bucket = Bucket, S3Key = key, ETag = etag, Status = JobStatus.Queued, CreatedAt = now, UpdatedAt = now }, CancellationToken.None));
        var claim = Assert.IsType<ClaimOutcome.Claimed>(await Claims.TryClaimAsync(new IdempotencyKey(key, etag), jobId, CancellationToken.None));
        Assert.True((await Jobs.TryMarkDispatchedAsync(jobId, claim.Attempt, "local:scenario", etag, CancellationToken.None)).Applied);
        return new Submission(jobId, key, etag, claim.Attempt);
    }

    /// <summary>The container environment the dispatcher would pass, pointed at the emulators.</summary>
    /// <remarks>MAX_ATTEMPTS defaults to 1 here (this attempt is the last), so every failure ends the job; retry tests pass more.</remarks>
    public Dictionary<string, string> EnvironmentFor(Submission submission, int taskTimeoutSeconds = 300, Uri? s3Endpoint = null, int maxAttempts = 1)
    {
        var env = new Dictionary<string, string>(stack.EnvironmentVariables, StringComparer.Ordinal)
        {
            [ProcessorEnvironmentVariables.JobId] = submission.JobId,
            [ProcessorEnvironmentVariables.S3Bucket] = Bucket,
            [ProcessorEnvironmentVariables.S3Key] = submission.Key,
            [ProcessorEnvironmentVariables.S3ETag] = submission.ETag,
            [ProcessorEnvironmentVariables.ClaimAttempt] = submission.Attempt.ToString(CultureInfo.InvariantCulture),
            [ProcessorEnvironmentVariables.WorkDir] = WorkDir,
            [ProcessorEnvironmentVariables.JobsTableName] = resources.JobsTableName,
            [ProcessorEnvironmentVariables.IdempotencyTableName] = resources.IdempotencyTableName,
            [ProcessorEnvironmentVariables.TaskTimeoutSeconds] = taskTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            [DispatcherEnvironmentVariables.ClaimLeaseSeconds] = "900",
            [DispatcherEnvironmentVariables.MaxAttempts] = maxAttempts.ToString(CultureInfo.InvariantCulture),
        };
        if (s3Endpoint is not null)
        {
            env["AWS_ENDPOINT_URL_S3"] = s3Endpoint.ToString();
        }

        return env;
    }

    public Uri S3Endpoint => stack.Endpoints.S3 ?? throw new InvalidOperationException("The stack has no S3 endpoint.");

    public async Task<IReadOnlyList<string>> ResultKeysAsync(string jobId)
    {
        var listed = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = $"results/{jobId}/" });
        return (listed.S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
    }

    public async Task<string> ReadTextAsync(string key)
    {
        using var response = await S3.GetObjectAsync(Bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    public async Task<FailureReport> FailureReportAsync(string jobId) =>
        FailureReport.FromJson(await ReadTextAsync($"results/{jobId}/{FailureReport.FileName}"));

    public async Task<JobRecord> JobAsync(string jobId) => (await Jobs.GetAsync(jobId, CancellationToken.None))!;

    public async Task<ClaimRecord> ClaimAsync(Submission submission) =>
        (await Claims.GetAsync(new IdempotencyKey(submission.Key, submission.ETag), CancellationToken.None))!;

    public bool WorkDirIsEmpty() => !Directory.EnumerateFileSystemEntries(WorkDir).Any();

    public void Dispose()
    {
        S3.Dispose();
        DynamoDb.Dispose();
        Directory.Delete(WorkDir, recursive: true);
        Directory.Delete(TempDir, recursive: true);
    }
}

internal sealed record Submission(string JobId, string Key, string ETag, int Attempt);
