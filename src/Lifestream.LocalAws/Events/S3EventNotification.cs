using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Lifestream.LocalAws.Events;

/// <summary>
/// Builds the S3 event notification JSON that AWS sends to SQS for a created object, byte-compatible in the
/// parts consumers read: <c>Records[].eventName</c>, <c>s3.bucket.name</c>, <c>s3.object.key</c> (URL-encoded the
/// way S3 does it: form encoding per path segment, so a space becomes <c>+</c> and <c>/</c> stays),
/// <c>size</c>, <c>eTag</c>, <c>sequencer</c>.
/// </summary>
public static class S3EventNotification
{
    public static string ObjectCreated(string bucket, string key, long size, string etag, DateTimeOffset eventTime, string region, string eventName = "ObjectCreated:Put")
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var record = new Dictionary<string, object>
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = region,
            ["eventTime"] = eventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["eventName"] = eventName,
            ["userIdentity"] = new Dictionary<string, string> { ["principalId"] = "LIFESTREAM-LOCAL" },
            ["requestParameters"] = new Dictionary<string, string> { ["sourceIPAddress"] = "127.0.0.1" },
            ["responseElements"] = new Dictionary<string, string> { ["x-amz-request-id"] = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant() },
            ["s3"] = new Dictionary<string, object>
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = "lifestream-uploads",
                ["bucket"] = new Dictionary<string, object>
                {
                    ["name"] = bucket,
                    ["ownerIdentity"] = new Dictionary<string, string> { ["principalId"] = "LIFESTREAM-LOCAL" },
                    ["arn"] = $"arn:aws:s3:::{bucket}",
                },
                ["object"] = new Dictionary<string, object>
                {
                    ["key"] = EncodeKey(key),
                    ["size"] = size,
                    ["eTag"] = etag.Trim('"'),
                    ["sequencer"] = eventTime.UtcTicks.ToString("X16", CultureInfo.InvariantCulture),
                },
            },
        };
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["Records"] = new[] { record } });
    }

    /// <summary>S3's key encoding in event notifications.</summary>
    public static string EncodeKey(string key) => string.Join('/', key.Split('/').Select(WebUtility.UrlEncode));
}
