namespace Lifestream.Core.Idempotency;

/// <summary>The idempotency key of one uploaded object version: <c>s3_key|etag</c> (ETag without quotes).</summary>
public readonly record struct IdempotencyKey(string S3Key, string ETag)
{
    public string Value => $"{S3Key}|{ETag}";

    public override string ToString() => Value;

    /// <summary>Splits a stored <c>s3_key|etag</c> at the last '|' (an ETag never contains one; a key may).</summary>
    public static IdempotencyKey Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var separator = value.LastIndexOf('|');
        return separator <= 0 || separator == value.Length - 1
            ? throw new FormatException($"'{value}' is not an s3_key|etag idempotency key.")
            : new IdempotencyKey(value[..separator], value[(separator + 1)..]);
    }

    /// <summary>Strips the surrounding quotes S3 puts around ETags.</summary>
    public static string NormalizeETag(string etag)
    {
        ArgumentNullException.ThrowIfNull(etag);
        return etag.Trim().Trim('"');
    }
}
