using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lifestream.Core.Jobs;
using Lifestream.Core.Persistence;
using static Lifestream.Aws.Persistence.DynamoAttributes;
using Schema = Lifestream.Aws.Persistence.JobsTableSchema;

namespace Lifestream.Aws.Persistence;

/// <summary>
/// The jobs table as the job state machine's persistence: consistent reads, PutItem with
/// <c>attribute_not_exists(job_id)</c> to create, UpdateItem conditioned on the stored <c>version</c> to replace
/// (attributes the record does not model are kept), and a Query on the <c>s3_key</c> GSI. No Scan anywhere.
/// A failed condition returns the stored item (<c>ALL_OLD</c>) so the base recognises its own retried write.
/// </summary>
public sealed partial class DynamoDbJobStore : JobStore
{
    private readonly IAmazonDynamoDB client;
    private readonly string tableName;

    public DynamoDbJobStore(IAmazonDynamoDB client, string tableName, TimeProvider? timeProvider = null)
        : base(timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        this.client = client;
        this.tableName = tableName;
    }

    public override async Task<IReadOnlyList<JobRecord>> FindByS3KeyAsync(string s3Key, CancellationToken cancellationToken)
    {
        var found = new List<JobRecord>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await client.QueryAsync(
                new QueryRequest
                {
                    TableName = tableName,
                    IndexName = Schema.S3KeyIndexName,
                    KeyConditionExpression = "#k = :k",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#k"] = Schema.S3KeyIndexPartitionKey },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":k"] = S(s3Key) },
                    ScanIndexForward = false,
                    ExclusiveStartKey = startKey,
                },
                cancellationToken).ConfigureAwait(false);
            found.AddRange((response.Items ?? []).Select(JobItemMapper.FromItem));
            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);

        return found;
    }

    protected override async Task<JobRecord?> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(
            new GetItemRequest
            {
                TableName = tableName,
                Key = new Dictionary<string, AttributeValue> { [Schema.PartitionKey] = S(jobId) },
                ConsistentRead = true,
            },
            cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? JobItemMapper.FromItem(item) : null;
    }

    protected override async Task<ConditionalWrite<JobRecord>> TryInsertAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            await client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = tableName,
                    Item = JobItemMapper.ToItem(job),
                    ConditionExpression = "attribute_not_exists(#id)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#id"] = Schema.PartitionKey },
                    ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                },
                cancellationToken).ConfigureAwait(false);
            return ConditionalWrite.Written<JobRecord>();
        }
        catch (ConditionalCheckFailedException ex)
        {
            return Found(ex);
        }
    }

    protected override async Task<ConditionalWrite<JobRecord>> TryReplaceAsync(JobRecord replacement, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var item = JobItemMapper.ToItem(replacement);
        var names = new Dictionary<string, string> { ["#version"] = Schema.Version };
        var values = new Dictionary<string, AttributeValue>();
        var sets = new List<string>();
        var removes = new List<string>();
        foreach (var (name, value) in item.Where(a => a.Key != Schema.PartitionKey))
        {
            var index = sets.Count;
            names[$"#s{index}"] = name;
            values[$":s{index}"] = value;
            sets.Add($"#s{index} = :s{index}");
        }

        foreach (var name in JobItemMapper.OptionalAttributes.Where(a => !item.ContainsKey(a)))
        {
            var index = removes.Count;
            names[$"#r{index}"] = name;
            removes.Add($"#r{index}");
        }

        string condition;
        if (expectedVersion == 0)
        {
            condition = "attribute_exists(#id) AND attribute_not_exists(#version)";
            names["#id"] = Schema.PartitionKey;
        }
        else
        {
            condition = "#version = :expected_version";
            values[":expected_version"] = N(expectedVersion);
        }

        try
        {
            await client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = new Dictionary<string, AttributeValue> { [Schema.PartitionKey] = S(replacement.JobId) },
                    UpdateExpression = "SET " + string.Join(", ", sets) + (removes.Count > 0 ? " REMOVE " + string.Join(", ", removes) : string.Empty),
                    ConditionExpression = condition,
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                    ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                },
                cancellationToken).ConfigureAwait(false);
            return ConditionalWrite.Written<JobRecord>();
        }
        catch (ConditionalCheckFailedException ex)
        {
            return Found(ex);
        }
    }

    private static ConditionalWrite<JobRecord> Found(ConditionalCheckFailedException ex) =>
        ConditionalWrite.Rejected<JobRecord>(ex.Item is { Count: > 0 } stored ? JobItemMapper.FromItem(stored) : null);
}
