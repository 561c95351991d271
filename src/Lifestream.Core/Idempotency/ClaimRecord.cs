namespace Lifestream.Core.Idempotency;

/// <summary>One row of the idempotency table (key <c>idempotency_key</c> = <c>s3_key|etag</c>).</summary>
public sealed record ClaimRecord
{
    public required string Key { get; init; }

    public required ClaimState State { get; init; }

    /// <summary>The job this claim belongs to.</summary>
    public required string JobId { get; init; }

    /// <summary>Attempt number; also the fencing token: writes by an older attempt are rejected.</summary>
    public required int Attempt { get; init; }

    /// <summary>While dispatched/running, the claim may be taken over after this instant.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    public string? ResultS3Key { get; init; }

    public string? Error { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>DynamoDB TTL attribute <c>expires_at</c> (epoch seconds) after which the record may vanish.</summary>
    public required long ExpiresAtEpochSeconds { get; init; }

    /// <summary>Token of the call that wrote this version (<see cref="Persistence.WriteTokens"/>): recognises our own retried writes.</summary>
    public string? WriteToken { get; init; }
}
