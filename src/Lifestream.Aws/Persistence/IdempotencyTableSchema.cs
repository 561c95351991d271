namespace Lifestream.Aws.Persistence;

/// <summary>
/// Attribute names of the idempotency table. The Terraform module must declare the same key and TTL
/// attribute; a contract test checks it.
/// </summary>
public static class IdempotencyTableSchema
{
    public const string PartitionKey = "idempotency_key";
    public const string State = "state";
    public const string JobId = "job_id";
    public const string Attempt = "attempt";
    public const string LeaseExpiresAt = "lease_expires_at";
    public const string ResultS3Key = "result_s3_key";
    public const string Error = "error";
    public const string UpdatedAt = "updated_at";
    public const string WriteToken = "write_token";

    /// <summary>DynamoDB TTL attribute (epoch seconds).</summary>
    public const string TimeToLive = "expires_at";
}
