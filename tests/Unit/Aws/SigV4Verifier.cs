using System.Security.Cryptography;
using System.Text;

namespace Lifestream.Tests.Unit.Aws;

/// <summary>
/// Recomputes an AWS Signature Version 4 from the request the server received (independently of the SDK),
/// so a test can prove the Authorization header is a valid signature over what was actually sent.
/// </summary>
internal static class SigV4Verifier
{
    public static string ExpectedSignature(ReceivedRequest request, string secretKey, string region, string service, IReadOnlyList<string> signedHeaders)
    {
        var amzDate = request.Headers["X-Amz-Date"];
        var date = amzDate[..8];
        var canonicalHeaders = string.Concat(signedHeaders.Select(h => $"{h}:{request.Headers[h].Trim()}\n"));
        var canonicalRequest = string.Join(
            "\n",
            request.Method,
            request.PathAndQuery.Split('?')[0],
            string.Empty,
            canonicalHeaders,
            string.Join(";", signedHeaders),
            Hex(SHA256.HashData(request.Body)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
