using System.Text.Json;

namespace Lifestream.Core.Dispatching.Messages;

/// <summary>
/// The upload-confirm message body <see cref="QueueMessageParser"/> accepts:
/// <c>{job_id, video_s3_key, video_s3_bucket}</c>. The one place it is written.
/// </summary>
public static class UploadConfirmMessage
{
    public static string Serialize(string jobId, string bucket, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("job_id", jobId);
            writer.WriteString("video_s3_key", key);
            writer.WriteString("video_s3_bucket", bucket);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
