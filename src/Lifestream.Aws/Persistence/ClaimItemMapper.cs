using Amazon.DynamoDBv2.Model;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Reconciliation;
using static Lifestream.Aws.Persistence.DynamoAttributes;
using Schema = Lifestream.Aws.Persistence.IdempotencyTableSchema;

namespace Lifestream.Aws.Persistence;

/// <summary>
/// ClaimRecord ⇄ idempotency table item. The lease is stored as epoch milliseconds (N) so that the
/// compare-and-swap condition compares exactly what was read; updated_at is an ISO-8601 string; the TTL
/// attribute is epoch seconds (N) as DynamoDB TTL requires.
/// </summary>
internal static class ClaimItemMapper
{
    public static Dictionary<string, AttributeValue> ToItem(ClaimRecord record)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [Schema.PartitionKey] = S(record.Key),
            [Schema.State] = S(record.State.ToWire()),
            [Schema.JobId] = S(record.JobId),
            [Schema.Attempt] = N(record.Attempt),
            [Schema.UpdatedAt] = Timestamp(record.UpdatedAt),
            [Schema.TimeToLive] = N(record.ExpiresAtEpochSeconds),
        };
        if (record.LeaseExpiresAt is { } lease)
        {
            item[Schema.LeaseExpiresAt] = N(lease.ToUnixTimeMilliseconds());
        }

        // The sweeper's sparse index holds exactly the claims with a lease (a PutItem without it drops the item out).
        if (record.LeaseExpiresAt is not null && record.State is ClaimState.Dispatched or ClaimState.Running)
        {
            item[RecoveryIndexSchema.ClaimShardAttribute] = S(RecoveryIndexSchema.ShardFor(record.Key));
        }

        SetIfNotNull(item, Schema.ResultS3Key, record.ResultS3Key);
        SetIfNotNull(item, Schema.Error, record.Error);
        SetIfNotNull(item, Schema.WriteToken, record.WriteToken);
        return item;
    }

    public static ClaimRecord FromItem(Dictionary<string, AttributeValue> item)
    {
        var key = OptionalString(item, Schema.PartitionKey) ?? "(unknown)";
        Exception Corrupt(string problem) => new CorruptClaimRecordException($"Claim '{key}': {problem}.");
        var state = RequiredString(item, Schema.State, Corrupt);
        ClaimState parsedState;
        try
        {
            parsedState = ClaimStateExtensions.ParseWire(state);
        }
        catch (FormatException ex)
        {
            throw new CorruptClaimRecordException($"Claim '{key}': {ex.Message}", ex);
        }

        var lease = OptionalLong(item, Schema.LeaseExpiresAt, Corrupt);
        return new ClaimRecord
        {
            Key = RequiredString(item, Schema.PartitionKey, Corrupt),
            State = parsedState,
            JobId = RequiredString(item, Schema.JobId, Corrupt),
            Attempt = checked((int)(OptionalLong(item, Schema.Attempt, Corrupt) ?? throw Corrupt($"attribute '{Schema.Attempt}' is missing"))),
            LeaseExpiresAt = lease is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            ResultS3Key = OptionalString(item, Schema.ResultS3Key),
            Error = OptionalString(item, Schema.Error),
            UpdatedAt = RequiredTimestamp(item, Schema.UpdatedAt, Corrupt),
            ExpiresAtEpochSeconds = OptionalLong(item, Schema.TimeToLive, Corrupt) ?? 0,
            WriteToken = OptionalString(item, Schema.WriteToken),
        };
    }
}
