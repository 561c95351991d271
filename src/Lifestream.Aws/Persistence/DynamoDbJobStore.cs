using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lifestream.Core.Jobs;
using static Lifestream.Aws.Persistence.DynamoAttributes;
using Schema = Lifestream.Aws.Persistence.JobsTableSchema;

namespace Lifestream.Aws.Persistence;

/// <summary>
/// The jobs table. Creation is <c>attribute_not_exists(job_id)</c>; transitions are one UpdateItem conditioned on
/// the current status; lookup by S3 key is a Query on the <c>s3_key</c> GSI. No Scan anywhere.
/// </summary>
public sealed class DynamoDbJobStore : IJobStore
{
    private readonly IAmazonDynamoDB client;
    private readonly string tableName;

    public DynamoDbJobStore(IAmazonDynamoDB client, string tableName)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        this.client = client;
        this.tableName = tableName;
    }

    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken)
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

    public async Task<IReadOnlyList<JobRecord>> FindByS3KeyAsync(string s3Key, CancellationToken cancellationToken)
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

    public async Task<bool> TryCreateAsync(JobRecord job, CancellationToken cancellationToken)
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
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<JobRecord?> TryTransitionAsync(
        string jobId,
        IReadOnlyCollection<JobStatus> expectedStatuses,
        JobUpdate update,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expectedStatuses);
        ArgumentNullException.ThrowIfNull(update);
        if (expectedStatuses.Count == 0)
        {
            throw new ArgumentException("At least one expected status is required.", nameof(expectedStatuses));
        }

        var names = new Dictionary<string, string> { ["#id"] = Schema.PartitionKey, ["#status"] = Schema.Status };
        var values = new Dictionary<string, AttributeValue>();
        var statusPlaceholders = expectedStatuses.Distinct().Select((status, i) =>
        {
            values[$":from{i}"] = S(status.ToWire());
            return $":from{i}";
        }).ToList();

        var sets = new List<string>();
        void Set(string attribute, AttributeValue? value)
        {
            if (value is null)
            {
                return;
            }

            var index = sets.Count;
            names[$"#a{index}"] = attribute;
            values[$":v{index}"] = value;
            sets.Add($"#a{index} = :v{index}");
        }

        Set(Schema.Status, update.Status is { } s ? S(s.ToWire()) : null);
        Set(Schema.ETag, update.ETag is { } etag ? S(etag) : null);
        Set(Schema.CurrentStage, update.CurrentStage is { } stage ? S(stage) : null);
        Set(Schema.Attempts, update.Attempts is { } attempts ? N(attempts) : null);
        Set(Schema.TaskArn, update.TaskArn is { } arn ? S(arn) : null);
        Set(Schema.Error, update.Error is { } error ? S(error) : null);
        Set(Schema.ResultKeys, update.ResultKeys is { } keys ? JobItemMapper.ResultKeys(keys) : null);
        Set(Schema.StageTimings, update.StageTimings is { } timings ? JobItemMapper.StageTimings(timings) : null);
        Set(Schema.UpdatedAt, Timestamp(update.UpdatedAt));

        try
        {
            var response = await client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = new Dictionary<string, AttributeValue> { [Schema.PartitionKey] = S(jobId) },
                    UpdateExpression = "SET " + string.Join(", ", sets),
                    ConditionExpression = $"attribute_exists(#id) AND #status IN ({string.Join(", ", statusPlaceholders)})",
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                    ReturnValues = ReturnValue.ALL_NEW,
                },
                cancellationToken).ConfigureAwait(false);
            return JobItemMapper.FromItem(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }
}
