using System.Text.Json;
using Lifestream.Core.Processing;
using Lifestream.Core.Uploads;

namespace Lifestream.Core.Dispatching.Messages;

/// <summary>
/// Turns a queue message body into records. Never throws on bad input: every problem becomes a
/// <see cref="ParsedRecord.Malformed"/> record with a reason, so a poison message is acknowledged and logged
/// instead of crashing the host or looping. Accepted shapes: S3 event notifications (any number of records,
/// optionally inside an SNS envelope), <c>s3:TestEvent</c>, and upload-confirm messages
/// <c>{job_id, video_s3_key, video_s3_bucket}</c>.
/// </summary>
public static class QueueMessageParser
{
    public const int MaxJobIdLength = 128;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static IReadOnlyList<ParsedRecord> Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return [ParsedRecord.Malformed("message body is empty")];
        }

        try
        {
            using var document = JsonDocument.Parse(body, DocumentOptions);
            return ParseRoot(document.RootElement, allowEnvelope: true);
        }
        catch (JsonException ex)
        {
            return [ParsedRecord.Malformed($"message body is not valid JSON ({ex.Message})")];
        }
    }

    private static IReadOnlyList<ParsedRecord> ParseRoot(JsonElement root, bool allowEnvelope)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return [ParsedRecord.Malformed($"message body is a JSON {root.ValueKind}, expected an object")];
        }

        if (GetString(root, "Event") == "s3:TestEvent")
        {
            return [ParsedRecord.Ignored("s3:TestEvent (sent by S3 when the notification is configured)")];
        }

        if (root.TryGetProperty("Records", out var records))
        {
            return ParseS3Records(records);
        }

        if (root.TryGetProperty("video_s3_key", out _) || root.TryGetProperty("job_id", out _))
        {
            return [ParseUploadConfirm(root)];
        }

        if (allowEnvelope && GetString(root, "Type") == "Notification" && GetString(root, "Message") is { } inner)
        {
            // S3 → SNS → SQS fan-out wraps the event JSON in a string.
            try
            {
                using var document = JsonDocument.Parse(inner, DocumentOptions);
                return ParseRoot(document.RootElement, allowEnvelope: false);
            }
            catch (JsonException ex)
            {
                return [ParsedRecord.Malformed($"SNS envelope Message is not valid JSON ({ex.Message})")];
            }
        }

        return [ParsedRecord.Malformed("unrecognised message: neither an S3 event (Records) nor an upload-confirm message (job_id, video_s3_key, video_s3_bucket)")];
    }

    private static List<ParsedRecord> ParseS3Records(JsonElement records)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            return [ParsedRecord.Malformed("'Records' is not an array")];
        }

        if (records.GetArrayLength() == 0)
        {
            return [ParsedRecord.Malformed("'Records' is empty")];
        }

        var parsed = new List<ParsedRecord>(records.GetArrayLength());
        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            parsed.Add(ParseS3Record(record, index++));
        }

        return parsed;
    }

    private static ParsedRecord ParseS3Record(JsonElement record, int index)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return ParsedRecord.Malformed($"Records[{index}] is not an object");
        }

        var source = GetString(record, "eventSource");
        if (source is not null && source != "aws:s3")
        {
            return ParsedRecord.Ignored($"Records[{index}] comes from '{source}', not aws:s3");
        }

        var eventName = GetString(record, "eventName");
        if (eventName is null)
        {
            return ParsedRecord.Malformed($"Records[{index}].eventName is missing");
        }

        if (!eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal))
        {
            return ParsedRecord.Ignored($"Records[{index}] is a '{eventName}' event, not ObjectCreated");
        }

        if (!record.TryGetProperty("s3", out var s3) || s3.ValueKind != JsonValueKind.Object)
        {
            return ParsedRecord.Malformed($"Records[{index}].s3 is missing");
        }

        var bucket = s3.TryGetProperty("bucket", out var bucketElement) ? GetString(bucketElement, "name") : null;
        if (string.IsNullOrEmpty(bucket))
        {
            return ParsedRecord.Malformed($"Records[{index}].s3.bucket.name is missing");
        }

        var encodedKey = s3.TryGetProperty("object", out var objectElement) ? GetString(objectElement, "key") : null;
        if (string.IsNullOrEmpty(encodedKey))
        {
            return ParsedRecord.Malformed($"Records[{index}].s3.object.key is missing");
        }

        return Filtered(new ObjectDispatchRequest(bucket, S3KeyDecoder.Decode(encodedKey), MessageOrigin.S3Event));
    }

    private static ParsedRecord ParseUploadConfirm(JsonElement root)
    {
        var jobId = GetString(root, "job_id");
        var key = GetString(root, "video_s3_key");
        var bucket = GetString(root, "video_s3_bucket");
        var missing = new List<string>(3);
        if (string.IsNullOrWhiteSpace(jobId))
        {
            missing.Add("job_id");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            missing.Add("video_s3_key");
        }

        if (string.IsNullOrWhiteSpace(bucket))
        {
            missing.Add("video_s3_bucket");
        }

        if (missing.Count > 0)
        {
            return ParsedRecord.Malformed($"upload-confirm message lacks {string.Join(", ", missing)} (each a non-empty string)");
        }

        if (!ObjectKeyGuard.IsSafeJobId(jobId!))
        {
            return ParsedRecord.Malformed($"upload-confirm job_id must be 1-{MaxJobIdLength} letters, digits, '-' or '_', starting with a letter or digit");
        }

        return Filtered(new ObjectDispatchRequest(bucket!, key!, MessageOrigin.UploadConfirm, jobId));
    }

    /// <summary>
    /// Keys that are not uploads are ignored here. Unsafe keys are dispatch requests: the dispatcher rejects them with
    /// a job record (<see cref="UploadAdmission"/>), so the uploader can see why.
    /// </summary>
    private static ParsedRecord Filtered(ObjectDispatchRequest request) =>
        UploadKeyRule.ExplainUnsafe(request.Key) is null && UploadKeyRule.ExplainNotAnUpload(request.Key) is { } reason
            ? ParsedRecord.Ignored($"s3://{request.Bucket}/{request.Key}: {reason}")
            : ParsedRecord.Dispatch(request);

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
