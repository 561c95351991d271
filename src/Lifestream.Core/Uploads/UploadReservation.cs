using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifestream.Core.Uploads;

/// <summary>
/// What <c>POST /uploads</c> promised, kept beside the video as <see cref="UploadNaming.ReservationFileName"/>
/// until the job is deleted: confirm checks the upload against it and creates the job from it.
/// </summary>
public sealed record UploadReservation
{
    [JsonPropertyName("job_id")]
    public required string JobId { get; init; }

    [JsonPropertyName("owner")]
    public required string Owner { get; init; }

    [JsonPropertyName("s3_key")]
    public required string S3Key { get; init; }

    [JsonPropertyName("file_name")]
    public required string FileName { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    [JsonPropertyName("content_type")]
    public required string ContentType { get; init; }

    /// <summary>Set for multipart plans.</summary>
    [JsonPropertyName("multipart_upload_id")]
    public string? MultipartUploadId { get; init; }

    [JsonPropertyName("part_size")]
    public long? PartSize { get; init; }

    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("expires_at")]
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The caller's reservation of <paramref name="jobId"/>; null when absent, unreadable, or another owner's.</summary>
    public static async Task<UploadReservation?> FindAsync(Lifestream.Core.Storage.IUploadStorage storage, string bucket, string owner, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (!UploadNaming.IsJobId(jobId))
        {
            return null;
        }

        var document = await storage.GetDocumentAsync(bucket, UploadNaming.ReservationKey(jobId), cancellationToken).ConfigureAwait(false);
        var reservation = document is null ? null : TryParse(document);
        return reservation is not null && reservation.JobId == jobId && string.Equals(reservation.Owner, owner, StringComparison.Ordinal) ? reservation : null;
    }

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, UploadsJsonContext.Default.UploadReservation);

    /// <summary>Null when the document is not a reservation (it is then treated as absent).</summary>
    public static UploadReservation? TryParse(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, UploadsJsonContext.Default.UploadReservation);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(UploadReservation))]
internal sealed partial class UploadsJsonContext : JsonSerializerContext;
