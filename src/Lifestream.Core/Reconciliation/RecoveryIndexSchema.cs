using System.Globalization;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Lifestream.Core.Reconciliation;

/// <summary>
/// The sparse GSIs the sweeper queries (never a Scan). An item is in an index only while it carries the shard
/// attribute: a claim while it is dispatched/running (sorted by its lease expiry), a job while its status is open
/// (sorted by <c>updated_at</c>). Writes spread over <see cref="ShardCount"/> partition values so the index has no
/// hot key; the sweeper queries each shard. Terraform (terraform/dynamodb.tf) declares the same names.
/// </summary>
public static class RecoveryIndexSchema
{
    public const int ShardCount = 4;

    public const string ClaimLeaseIndexName = "lease-expiry-index";
    public const string ClaimShardAttribute = "lease_shard";

    public const string OpenJobsIndexName = "open-jobs-index";
    public const string JobShardAttribute = "open_shard";

    public static IReadOnlyList<string> Shards { get; } = [.. Enumerable.Range(0, ShardCount).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>A stable shard for a key (same on every host and run).</summary>
    public static string ShardFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return (hash % ShardCount).ToString(CultureInfo.InvariantCulture);
    }
}
