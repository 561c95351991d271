using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Lifestream.Aws.Clients;
using Lifestream.Aws.Persistence;
using Lifestream.Aws.Queue;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Storage;

namespace Lifestream.Api;

/// <summary>The adapters the application layer runs on; tests replace single ones to inject faults.</summary>
public sealed record ApiPorts
{
    public required IObjectStore Objects { get; init; }

    public required IUploadStorage Storage { get; init; }

    public required IJobStore Jobs { get; init; }

    public required IJobCatalog Catalog { get; init; }

    public required IClaimRemover Claims { get; init; }

    public required IDispatchQueueClient Queue { get; init; }

    /// <summary>SDK clients to dispose with the host (empty when the caller owns them).</summary>
    public IReadOnlyList<IDisposable> Owned { get; init; } = [];

    /// <summary>S3, DynamoDB and SQS from <paramref name="clients"/> (AWS, or the local emulators' endpoints).</summary>
    public static ApiPorts Create(AwsClientFactory clients, ApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(settings);
        var s3 = clients.CreateS3();
        var dynamo = clients.CreateDynamoDb();
        var sqs = clients.CreateSqs();
        return Create(s3, dynamo, sqs, settings) with { Owned = [s3, dynamo, sqs] };
    }

    /// <summary>Over clients the caller owns (the local deployment's).</summary>
    public static ApiPorts Create(IAmazonS3 s3, IAmazonDynamoDB dynamo, IAmazonSQS sqs, ApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var jobs = new DynamoDbJobStore(dynamo, settings.JobsTableName);
        return new ApiPorts
        {
            Objects = new S3ObjectStore(s3),
            Storage = new S3UploadStorage(s3),
            Jobs = jobs,
            Catalog = jobs,
            Claims = new DynamoDbClaimRemover(dynamo, settings.IdempotencyTableName),
            Queue = new SqsDispatchQueueClient(sqs, settings.UploadsQueueUrl),
        };
    }
}
