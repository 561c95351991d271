using Amazon.DynamoDBv2.Model;
using Lifestream.Core.Jobs;
using static Lifestream.Aws.Persistence.DynamoAttributes;
using Schema = Lifestream.Aws.Persistence.JobsTableSchema;

namespace Lifestream.Aws.Persistence;

/// <summary>
/// The upload API's side of the jobs table: a Query on the sparse <c>owner-index</c> (newest first), a
/// conditional owner assignment and a conditional delete. No Scan.
/// </summary>
public sealed partial class DynamoDbJobStore : IJobCatalog
{
    public async Task<JobPage> ListByOwnerAsync(string owner, int limit, JobPosition? after, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var response = await client.QueryAsync(
            new QueryRequest
            {
                TableName = tableName,
                IndexName = Schema.OwnerIndexName,
                KeyConditionExpression = "#o = :o",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#o"] = Schema.OwnerIndexPartitionKey },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":o"] = S(owner) },
                ScanIndexForward = false,
                Limit = limit,
                ExclusiveStartKey = after is null
                    ? null
                    : new Dictionary<string, AttributeValue>
                    {
                        [Schema.PartitionKey] = S(after.JobId),
                        [Schema.OwnerIndexPartitionKey] = S(owner),
                        [Schema.OwnerIndexSortKey] = Timestamp(after.CreatedAt),
                    },
            },
            cancellationToken).ConfigureAwait(false);
        var jobs = (response.Items ?? []).Select(JobItemMapper.FromItem).ToList();
        var next = response.LastEvaluatedKey is { Count: > 0 } && jobs.Count > 0 ? new JobPosition(jobs[^1].CreatedAt, jobs[^1].JobId) : null;
        return new JobPage(jobs, next);
    }

    public async Task<JobRecord?> TryAdoptAsync(string jobId, string s3Key, string owner, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = new Dictionary<string, AttributeValue> { [Schema.PartitionKey] = S(jobId) },
                    UpdateExpression = "SET #owner = :owner",
                    ConditionExpression = "attribute_exists(#id) AND #key = :key AND (attribute_not_exists(#owner) OR #owner = :owner)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#id"] = Schema.PartitionKey, ["#key"] = Schema.S3Key, ["#owner"] = Schema.Owner },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":key"] = S(s3Key), [":owner"] = S(owner) },
                    ReturnValues = Amazon.DynamoDBv2.ReturnValue.ALL_NEW,
                },
                cancellationToken).ConfigureAwait(false);
            return JobItemMapper.FromItem(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task<bool> TryDeleteAsync(string jobId, IReadOnlyCollection<JobStatus> expectedStatuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expectedStatuses);
        if (expectedStatuses.Count == 0)
        {
            throw new ArgumentException("At least one expected status is required.", nameof(expectedStatuses));
        }

        var values = new Dictionary<string, AttributeValue>();
        var placeholders = expectedStatuses.Distinct().Select((status, i) =>
        {
            values[$":s{i}"] = S(status.ToWire());
            return $":s{i}";
        }).ToList();
        try
        {
            await client.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = tableName,
                    Key = new Dictionary<string, AttributeValue> { [Schema.PartitionKey] = S(jobId) },
                    ConditionExpression = $"attribute_exists(#id) AND #status IN ({string.Join(", ", placeholders)})",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#id"] = Schema.PartitionKey, ["#status"] = Schema.Status },
                    ExpressionAttributeValues = values,
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
