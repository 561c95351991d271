namespace Lifestream.Core.Idempotency;

/// <summary>
/// The compare-and-swap token of a stored claim: a replacement succeeds only if the stored record still has
/// exactly these values. The lease is part of it so that a lease renewal defeats a concurrent take-over.
/// </summary>
public sealed record ClaimVersion(ClaimState State, int Attempt, string JobId, DateTimeOffset? LeaseExpiresAt)
{
    public static ClaimVersion Of(ClaimRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ClaimVersion(record.State, record.Attempt, record.JobId, record.LeaseExpiresAt);
    }

    public bool Matches(ClaimRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.State == State && record.Attempt == Attempt
            && string.Equals(record.JobId, JobId, StringComparison.Ordinal)
            && record.LeaseExpiresAt == LeaseExpiresAt;
    }
}
