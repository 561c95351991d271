using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Lifestream.LocalAws.Terraform;
using Lifestream.LocalAws.Terraform.Definitions;

namespace Lifestream.LocalAws.Provisioning;

/// <summary>
/// Creates, on emulator endpoints, the DynamoDB tables, SQS queues (with redrive) and S3 buckets (with queue
/// notifications) that the Terraform module declares, named for one environment. Idempotent: a resource that
/// already exists is accepted (queue attributes and TTL are brought in line with the module).
/// Independent of how the emulators were started: it only needs the three SDK clients.
/// </summary>
public sealed class LocalResourceProvisioner
{
    private readonly DynamoDbTableProvisioner tables;

    public LocalResourceProvisioner()
        : this(TimeSpan.FromMilliseconds(100), 600)
    {
    }

    /// <param name="tablePollInterval">Wait between DescribeTable calls while a table is CREATING.</param>
    /// <param name="maxTablePolls">Give up waiting for ACTIVE after this many polls.</param>
    public LocalResourceProvisioner(TimeSpan tablePollInterval, int maxTablePolls)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tablePollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTablePolls, 1);
        this.tables = new DynamoDbTableProvisioner(tablePollInterval, maxTablePolls);
    }

    /// <summary>Reads the module's definitions for <paramref name="envName"/> and creates them.</summary>
    public Task<ProvisionedResources> ProvisionAsync(
        TerraformModule module,
        string envName,
        IAmazonDynamoDB dynamoDb,
        IAmazonSQS sqs,
        IAmazonS3 s3,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(module);
        return ProvisionAsync(LocalResourceDefinitionReader.Read(module, envName), dynamoDb, sqs, s3, cancellationToken);
    }

    /// <summary>Creates already-read definitions.</summary>
    public async Task<ProvisionedResources> ProvisionAsync(
        LocalResourceDefinitions definitions,
        IAmazonDynamoDB dynamoDb,
        IAmazonSQS sqs,
        IAmazonS3 s3,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(dynamoDb);
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(s3);

        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in definitions.Tables)
        {
            await this.tables.EnsureAsync(dynamoDb, table, cancellationToken);
            tables[table.ResourceName] = table.TableName;
        }

        var queues = await SqsQueueProvisioner.EnsureAllAsync(sqs, definitions.Queues, cancellationToken);

        var buckets = new Dictionary<string, ProvisionedBucket>(StringComparer.Ordinal);
        foreach (var bucket in definitions.Buckets)
        {
            buckets[bucket.ResourceName] = await S3BucketProvisioner.EnsureAsync(s3, bucket, queues, cancellationToken);
        }

        return new ProvisionedResources(definitions.EnvName, tables, queues, buckets);
    }
}
