namespace Lifestream.Aws.Persistence;

/// <summary>
/// Attribute names of the jobs table. The Terraform module (terraform/dynamodb.tf) must declare the same
/// key, GSI and attribute names; a contract test checks it.
/// </summary>
public static class JobsTableSchema
{
    public const string PartitionKey = "job_id";
    public const string S3KeyIndexName = "s3_key-index";
    public const string S3KeyIndexPartitionKey = "s3_key";
    public const string S3KeyIndexSortKey = "created_at";

    /// <summary>Sparse GSI: only jobs with an owner (created by the upload API) are in it; newest first by created_at.</summary>
    public const string OwnerIndexName = "owner-index";
    public const string OwnerIndexPartitionKey = "owner";
    public const string OwnerIndexSortKey = "created_at";

    public const string S3Bucket = "s3_bucket";
    public const string S3Key = "s3_key";
    public const string ETag = "etag";
    public const string Status = "status";
    public const string Owner = "owner";
    public const string CurrentStage = "current_stage";
    public const string Attempts = "attempts";
    public const string TaskArn = "task_arn";
    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";
    public const string Error = "error";
    public const string ResultKeys = "result_keys";
    public const string StageTimings = "stage_timings";
    public const string RetryAt = "retry_at";
    public const string Version = "version";
    public const string WriteToken = "write_token";
}
