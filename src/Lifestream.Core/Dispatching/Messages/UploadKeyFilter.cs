namespace Lifestream.Core.Dispatching.Messages;

/// <summary>Only videos under <c>uploads/</c> ending <c>.mp4</c> or <c>.mov</c> (any case) are processed.</summary>
public static class UploadKeyFilter
{
    public const string UploadsPrefix = "uploads/";

    private static readonly string[] VideoExtensions = [".mp4", ".mov"];

    /// <summary>Null when the key is processable, else the reason it is not.</summary>
    public static string? RejectionReason(string key)
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
            return "key does not end with .mp4 or .mov";
        }

        return null;
    }
}
