using System.Text;
using System.Text.RegularExpressions;

namespace Lifestream.Core.Processing;

/// <summary>
/// Shape checks for untrusted identifiers that end up in object keys or local directory names.
/// S3 accepts almost any key (including "../" segments and leading slashes); the processor refuses
/// keys that could mean something else once they touch a file system or another prefix.
/// </summary>
public static partial class ObjectKeyGuard
{
    /// <summary>S3's own limit on key length in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>Returns why <paramref name="key"/> is unsafe, or null when it is acceptable.</summary>
    public static string? ExplainUnsafeKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            return "is empty";
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            return $"is longer than {MaxKeyBytes} bytes";
        }

        if (key[0] is '/' or '\\' || DriveLetter().IsMatch(key))
        {
            return "is an absolute name";
        }

        if (key.Any(char.IsControl))
        {
            return "contains control characters";
        }

        if (key.Contains('\\', StringComparison.Ordinal))
        {
            return "contains a backslash";
        }

        if (key.Split('/').Any(segment => segment is "." or ".."))
        {
            return "contains a '.' or '..' path segment";
        }

        return null;
    }

    /// <summary>Job ids become a directory name and a key segment: letters, digits, '-' and '_' only.</summary>
    public static bool IsSafeJobId(string jobId) => JobIdPattern().IsMatch(jobId);

    /// <summary>S3 bucket naming rules (3–63 lowercase letters, digits, dots, hyphens).</summary>
    public static bool IsValidBucketName(string bucket) => BucketPattern().IsMatch(bucket) && !bucket.Contains("..", StringComparison.Ordinal);

    /// <summary>An unquoted S3 ETag: hex digest, optionally "-&lt;parts&gt;" for multipart uploads.</summary>
    public static bool IsValidETag(string etag) => ETagPattern().IsMatch(etag);

    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex JobIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex("^[A-Za-z0-9]{1,64}(-[0-9]{1,5})?$")]
    private static partial Regex ETagPattern();
}
