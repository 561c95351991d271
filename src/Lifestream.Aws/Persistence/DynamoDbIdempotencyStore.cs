using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Persistence;
using static Lifestream.Aws.Persistence.DynamoAttributes;
using Schema = Lifestream.Aws.Persistence.IdempotencyTableSchema;

namespace Lifestream.Aws.Persistence;

/// <summary>
/// The idempotency table as the claim state machine's persistence: consistent reads, PutItem with
/// <c>attribute_not_exists</c> to insert, and PutItem conditioned on the observed (state, attempt, job, lease)
/// to replace. Concurrent writers are resolved by DynamoDB's condition check alone. A failed condition returns the
/// stored item (<c>ReturnValuesOnConditionCheckFailure = ALL_OLD</c>) so the base recognises its own retried write.
/// </summary>
public sealed class DynamoDbIdempotencyStore : IdempotencyStore
{
    private const string InsertCondition = "attribute_not_exists(#pk)";

    private const string ReplaceConditionWithLease =
        "#state = :expected_state AND #attempt = :expected_attempt AND #job = :expected_job AND #lease = :expected_lease";

    private const string ReplaceConditionWithoutLease =
        "#state = :expected_state AND #attempt = :expected_attempt AND #job = :expected_job AND attribute_not_exists(#lease)";

    private readonly IAmazonDynamoDB client;
    private readonly string tableName;

    public DynamoDbIdempotencyStore(IAmazonDynamoDB client, string tableName, IdempotencyOptions options, TimeProvider timeProvider)
        : base(options, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        this.client = client;
        this.tableName = tableName;
    }

    protected override async Task<ClaimRecord?> ReadAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(
            new GetItemRequest
            {
                TableName = tableName,
                Key = new Dictionary<string, AttributeValue> { [Schema.PartitionKey] = S(key.Value) },
                ConsistentRead = true,
            },
            cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? ClaimItemMapper.FromItem(item) : null;
    }

    protected override async Task<ConditionalWrite<ClaimRecord>> TryInsertAsync(ClaimRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return await TryPutAsync(
            new PutItemRequest
            {
                TableName = tableName,
                Item = ClaimItemMapper.ToItem(record),
                ConditionExpression = InsertCondition,
                ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = Schema.PartitionKey },
            },
            cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<ConditionalWrite<ClaimRecord>> TryReplaceAsync(ClaimRecord replacement, ClaimVersion expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(expected);
        var values = new Dictionary<string, AttributeValue>
        {
            [":expected_state"] = S(expected.State.ToWire()),
            [":expected_attempt"] = N(expected.Attempt),
            [":expected_job"] = S(expected.JobId),
        };
        if (expected.LeaseExpiresAt is { } lease)
        {
            values[":expected_lease"] = N(lease.ToUnixTimeMilliseconds());
        }

        return await TryPutAsync(
            new PutItemRequest
            {
                TableName = tableName,
                Item = ClaimItemMapper.ToItem(replacement),
                ConditionExpression = expected.LeaseExpiresAt is null ? ReplaceConditionWithoutLease : ReplaceConditionWithLease,
                ExpressionAttributeNames = new Dictionary<string, string>
                {
                    ["#state"] = Schema.State,
                    ["#attempt"] = Schema.Attempt,
                    ["#job"] = Schema.JobId,
                    ["#lease"] = Schema.LeaseExpiresAt,
                },
                ExpressionAttributeValues = values,
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<ConditionalWrite<ClaimRecord>> TryPutAsync(PutItemRequest request, CancellationToken cancellationToken)
    {
        request.ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD;
        try
        {
            await client.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            return ConditionalWrite.Written<ClaimRecord>();
        }
        catch (ConditionalCheckFailedException ex)
        {
            return ConditionalWrite.Rejected<ClaimRecord>(ex.Item is { Count: > 0 } item ? ClaimItemMapper.FromItem(item) : null);
        }
    }
}
