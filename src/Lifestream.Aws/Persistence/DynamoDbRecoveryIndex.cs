using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Reconciliation;
using static Lifestream.Aws.Persistence.DynamoAttributes;

namespace Lifestream.Aws.Persistence;

/// <summary>
/// The sweeper's queries: one Query per shard on each sparse GSI (<see cref="RecoveryIndexSchema"/>), with a key
/// condition on the sort key, oldest first. No Scan. GSIs are eventually consistent; the sweeper re-reads every
/// item it acts on with a consistent read, and an item the index lags on is found by the next sweep.
/// </summary>
public sealed class DynamoDbRecoveryIndex : IRecoveryIndex
{
    private readonly IAmazonDynamoDB client;
    private readonly string jobsTableName;
    private readonly string idempotencyTableName;

    public DynamoDbRecoveryIndex(IAmazonDynamoDB client, string jobsTableName, string idempotencyTableName)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobsTableName);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyTableName);
        this.client = client;
        this.jobsTableName = jobsTableName;
        this.idempotencyTableName = idempotencyTableName;
    }

    public async Task<IReadOnlyList<IdempotencyKey>> FindExpiredClaimsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var items = await QueryShardsAsync(
            idempotencyTableName,
            RecoveryIndexSchema.ClaimLeaseIndexName,
            RecoveryIndexSchema.ClaimShardAttribute,
            IdempotencyTableSchema.LeaseExpiresAt,
            N(now.ToUnixTimeMilliseconds()),
            limit,
            cancellationToken).ConfigureAwait(false);
        return [.. items
            .OrderBy(i => long.Parse(i[IdempotencyTableSchema.LeaseExpiresAt].N, CultureInfo.InvariantCulture))
            .Take(limit)
            .Select(i => IdempotencyKey.Parse(i[IdempotencyTableSchema.PartitionKey].S))];
    }

    public async Task<IReadOnlyList<string>> FindIdleOpenJobsAsync(DateTimeOffset idleSince, int limit, CancellationToken cancellationToken)
    {
        var items = await QueryShardsAsync(
            jobsTableName,
            RecoveryIndexSchema.OpenJobsIndexName,
            RecoveryIndexSchema.JobShardAttribute,
            JobsTableSchema.UpdatedAt,
            Timestamp(idleSince),
            limit,
            cancellationToken).ConfigureAwait(false);
        return [.. items
            .OrderBy(i => i[JobsTableSchema.UpdatedAt].S, StringComparer.Ordinal)
            .Take(limit)
            .Select(i => i[JobsTableSchema.PartitionKey].S)];
    }

    private async Task<List<Dictionary<string, AttributeValue>>> QueryShardsAsync(
        string table, string index, string shardAttribute, string sortAttribute, AttributeValue before, int limit, CancellationToken cancellationToken)
    {
        var found = new List<Dictionary<string, AttributeValue>>();
        foreach (var shard in RecoveryIndexSchema.Shards)
        {
            Dictionary<string, AttributeValue>? startKey = null;
            var fromShard = 0;
            do
            {
                var response = await client.QueryAsync(
                    new QueryRequest
                    {
                        TableName = table,
                        IndexName = index,
                        KeyConditionExpression = "#shard = :shard AND #sort < :before",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#shard"] = shardAttribute, ["#sort"] = sortAttribute },
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":shard"] = S(shard), [":before"] = before },
                        ScanIndexForward = true,
                        Limit = limit,
                        ExclusiveStartKey = startKey,
                    },
                    cancellationToken).ConfigureAwait(false);
                var items = response.Items ?? [];
                found.AddRange(items);
                fromShard += items.Count;
                startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (startKey is not null && fromShard < limit);
        }

        return found;
    }
}
