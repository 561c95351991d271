using System.Text.RegularExpressions;

namespace Lifestream.Core.Processing;

/// <summary>
/// Removes credentials from text that leaves the process (failure reports, job errors, logs). Exception
/// messages can carry presigned URLs (signature and session token in the query string) or access keys.
/// </summary>
public static partial class SecretRedactor
{
    public const string Redacted = "[redacted]";

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var result = UrlQuery().Replace(text, m => m.Groups["base"].Value + "?" + Redacted);
        result = AccessKeyId().Replace(result, Redacted);
        result = SecretAssignment().Replace(result, m => m.Groups["name"].Value + m.Groups["sep"].Value + Redacted);
        return result;
    }

    /// <summary>Redacts and caps the length (DynamoDB items and reports stay small).</summary>
    public static string RedactAndTruncate(string? text, int maxLength = 1000)
    {
        var redacted = Redact(text);
        return redacted.Length <= maxLength ? redacted : string.Concat(redacted.AsSpan(0, maxLength - 1), "…");
    }

    [GeneratedRegex(@"(?<base>https?://[^\s?""'<>]+)\?[^\s""'<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlQuery();

    [GeneratedRegex(@"\b(AKIA|ASIA)[A-Z0-9]{16}\b")]
    private static partial Regex AccessKeyId();

    [GeneratedRegex(@"(?<name>(secret|password|token|signature|api[_-]?key|credential)[A-Za-z_-]*)(?<sep>\s*[=:]\s*)[^\s,;""']+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();
}
