namespace Lifestream.Core.Idempotency;

/// <summary>The idempotency key of one uploaded object version: <c>s3_key|etag</c> (ETag without quotes).</summary>
public readonly record struct IdempotencyKey(string S3Key, string ETag)
{
    public string Value => $"{S3Key}|{ETag}";

    public override string ToString() => Value;

    /// <summary>Strips the surrounding quotes S3 puts around ETags.</summary>
    public static string NormalizeETag(string etag)
    {
        ArgumentNullException.ThrowIfNull(etag);
        return etag.Trim().Trim('"');
    }
}
