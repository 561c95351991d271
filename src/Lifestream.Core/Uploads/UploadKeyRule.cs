using System.Text;
using System.Text.RegularExpressions;

namespace Lifestream.Core.Uploads;

/// <summary>
/// The one rule for object keys of uploads, applied by the dispatcher (before a task is paid for), by the processor
/// (its environment is input too) and by the upload API. Two kinds of problem: a key that is <em>unsafe</em> (could
/// mean something else once it touches a file system, a shell or another prefix: rejected) and a key that is safe but
/// <em>not an upload</em> we process (outside <c>uploads/</c>, not a video: ignored). S3 itself accepts almost any key.
/// </summary>
public static partial class UploadKeyRule
{
    public const string UploadsPrefix = "uploads/";

    /// <summary>S3's own limit on key length, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>The containers the pipeline accepts (the mov/mp4 demuxer family), matched case-insensitively.</summary>
    public static IReadOnlyList<string> VideoExtensions { get; } = [".mp4", ".mov"];

    /// <summary>Both checks: the key's shape first, then whether it is an upload.</summary>
    public static UploadKeyVerdict Check(string key)
    {
        if (ExplainUnsafe(key) is { } unsafeReason)
        {
            return new UploadKeyVerdict(UploadKeyProblem.Unsafe, unsafeReason);
        }

        return ExplainNotAnUpload(key) is { } notUpload
            ? new UploadKeyVerdict(UploadKeyProblem.NotAnUpload, notUpload)
            : UploadKeyVerdict.Accepted;
    }

    /// <summary>Why <paramref name="key"/> is unsafe as a key or key prefix (phrased to follow "the key …"), or null.</summary>
    public static string? ExplainUnsafe(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            return "is empty";
        }

        if (!IsWellFormedUtf16(key))
        {
            return "is not valid Unicode (a lone surrogate cannot be stored as UTF-8)";
        }

        var bytes = Encoding.UTF8.GetByteCount(key);
        if (bytes > MaxKeyBytes)
        {
            return $"is {bytes} bytes long, over S3's limit of {MaxKeyBytes} UTF-8 bytes";
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

    /// <summary>Why a safe key is not an upload the pipeline processes, or null.</summary>
    public static string? ExplainNotAnUpload(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(UploadsPrefix, StringComparison.Ordinal))
        {
            return $"key is not under '{UploadsPrefix}'";
        }

        if (key.Length == UploadsPrefix.Length || key.EndsWith('/'))
        {
            return "key names a folder, not an object";
        }

        if (!VideoExtensions.Any(extension => key.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
        {
            return $"key does not end with {string.Join(" or ", VideoExtensions)}";
        }

        return null;
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();
}

public enum UploadKeyProblem
{
    None,

    /// <summary>The key could mean something else on a file system or under another prefix: the upload is rejected.</summary>
    Unsafe,

    /// <summary>A safe key outside <c>uploads/</c> or not a video: not for us, ignored.</summary>
    NotAnUpload,
}

/// <summary>What <see cref="UploadKeyRule.Check"/> found.</summary>
public readonly record struct UploadKeyVerdict(UploadKeyProblem Problem, string? Reason)
{
    public static UploadKeyVerdict Accepted { get; } = new(UploadKeyProblem.None, null);

    public bool IsAccepted => Problem == UploadKeyProblem.None;
}
