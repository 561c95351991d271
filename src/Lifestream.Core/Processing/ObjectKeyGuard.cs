using System.Text.RegularExpressions;

namespace Lifestream.Core.Processing;

/// <summary>
/// Shape checks for untrusted identifiers other than object keys (those follow <see cref="Uploads.UploadKeyRule"/>):
/// job ids (a key segment and a directory name), bucket names and ETags.
/// </summary>
public static partial class ObjectKeyGuard
{
    /// <summary>Job ids become a directory name and a key segment: letters, digits, '-' and '_' only.</summary>
    public static bool IsSafeJobId(string jobId) => JobIdPattern().IsMatch(jobId);

    /// <summary>S3 bucket naming rules (3–63 lowercase letters, digits, dots, hyphens).</summary>
    public static bool IsValidBucketName(string bucket) => BucketPattern().IsMatch(bucket) && !bucket.Contains("..", StringComparison.Ordinal);

    /// <summary>An unquoted S3 ETag: hex digest, optionally "-&lt;parts&gt;" for multipart uploads.</summary>
    public static bool IsValidETag(string etag) => ETagPattern().IsMatch(etag);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex JobIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex("^[A-Za-z0-9]{1,64}(-[0-9]{1,5})?$")]
    private static partial Regex ETagPattern();
}
