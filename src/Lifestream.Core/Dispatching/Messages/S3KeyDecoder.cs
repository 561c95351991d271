using System.Net;

namespace Lifestream.Core.Dispatching.Messages;

/// <summary>
/// S3 event notifications carry object keys form-URL-encoded: '+' is a space, '%xx' are UTF-8 byte escapes
/// (a literal '+' arrives as '%2B'). Upload-confirm messages carry raw keys and are not decoded.
/// </summary>
public static class S3KeyDecoder
{
    public static string Decode(string encodedKey)
    {
        ArgumentNullException.ThrowIfNull(encodedKey);
        return WebUtility.UrlDecode(encodedKey);
    }
}
