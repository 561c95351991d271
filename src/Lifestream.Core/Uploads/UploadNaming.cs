using System.Text;

namespace Lifestream.Core.Uploads;

/// <summary>
/// The key rule of API uploads: <c>uploads/&lt;job_id&gt;/&lt;safe-name&gt;</c>, where job ids are 32 lowercase hex
/// digits (a UUIDv7) and the safe name keeps letters, digits, '.', '-' and '_' of the caller's file name.
/// The reservation document sits beside the video under the same prefix.
/// </summary>
public static class UploadNaming
{
    public const int MaxFileNameLength = 120;
    public const string ReservationFileName = ".reservation.json";

    /// <summary>Accepted declared content types (the presigned PUT signs the one given).</summary>
    public static readonly IReadOnlyList<string> ContentTypes = ["video/mp4", "video/quicktime"];

    public static string NewJobId() => Guid.CreateVersion7().ToString("N");

    /// <summary>True for ids this API hands out; anything else is answered as an unknown job.</summary>
    public static bool IsJobId(string? value) =>
        value is { Length: 32 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static string UploadPrefix(string jobId) => $"{UploadKeyRule.UploadsPrefix}{jobId}/";

    public static string ResultsPrefix(string jobId) => $"results/{jobId}/";

    public static string ReservationKey(string jobId) => UploadPrefix(jobId) + ReservationFileName;

    /// <summary>The job id of an API upload key, or null for any other key (direct uploads).</summary>
    public static string? JobIdOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.StartsWith(UploadKeyRule.UploadsPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = key.AsSpan(UploadKeyRule.UploadsPrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash != 32 || rest.Length == slash + 1 || rest[(slash + 1)..].Contains('/'))
        {
            return null;
        }

        var id = rest[..slash].ToString();
        return IsJobId(id) ? id : null;
    }

    /// <summary>The object key for the caller's file name; throws when the name or type is not acceptable.</summary>
    public static string VideoKey(string jobId, string fileName)
    {
        var key = UploadPrefix(jobId) + SafeFileName(fileName);
        // The dispatcher and the processor apply the same rule: a key the API hands out must pass it.
        if (UploadKeyRule.Check(key) is { IsAccepted: false } verdict)
        {
            throw new InvalidFileNameException($"The upload key is refused: {verdict.Reason}.");
        }

        return key;
    }

    public static string SafeFileName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var baseName = fileName.Replace('\\', '/').Split('/')[^1].Trim();
        var extension = UploadKeyRule.VideoExtensions.FirstOrDefault(e => baseName.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        if (extension is null)
        {
            throw new UnsupportedFileTypeException($"'{Printable(baseName)}' does not end with .mp4 or .mov.");
        }

        var stem = baseName[..^extension.Length];
        var safe = new StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : c == ' ' ? '-' : '_');
        }

        var cleaned = safe.ToString().Trim('.', '-', '_');
        if (cleaned.Length == 0)
        {
            throw new InvalidFileNameException($"'{Printable(baseName)}' has no usable name before its extension.");
        }

        var maxStem = MaxFileNameLength - extension.Length;
        if (cleaned.Length > maxStem)
        {
            cleaned = cleaned[..maxStem].TrimEnd('.', '-', '_');
        }

        var name = cleaned + baseName[^extension.Length..];
        if (UploadKeyRule.ExplainUnsafe(name) is { } unsafeReason)
        {
            throw new InvalidFileNameException($"The file name {unsafeReason}.");
        }

        return name;
    }

    public static void ValidateContentType(string contentType)
    {
        if (!ContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase))
        {
            throw new UnsupportedFileTypeException($"content_type '{Printable(contentType)}' is not one of {string.Join(", ", ContentTypes)}.");
        }
    }

    /// <summary>Caller text echoed in a problem detail: bounded and without control characters.</summary>
    private static string Printable(string text)
    {
        var visible = new string([.. text.Where(c => !char.IsControl(c))]);
        return visible.Length <= 80 ? visible : visible[..80] + "…";
    }
}
