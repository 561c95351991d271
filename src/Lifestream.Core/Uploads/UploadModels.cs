using Lifestream.Core.Storage;

namespace Lifestream.Core.Uploads;

/// <summary>What a caller declares before uploading.</summary>
public sealed record UploadRequest(string? FileName, long? Size, string? ContentType);

/// <summary>The answer to an upload request: the job id to confirm, and how to upload.</summary>
public sealed record UploadTicket
{
    public required string JobId { get; init; }

    public required string S3Key { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Set for a single presigned PUT.</summary>
    public SinglePutPlan? Put { get; init; }

    /// <summary>Set for a multipart plan (then the caller completes it before confirming).</summary>
    public MultipartPlan? Multipart { get; init; }
}

/// <summary>One PUT of the whole file; <see cref="ContentType"/> must be sent as the Content-Type header (it is signed).</summary>
public sealed record SinglePutPlan(Uri Url, string ContentType);

/// <summary>PUT each part to its URL, keep each response's ETag header, then complete with the list.</summary>
public sealed record MultipartPlan(long PartSize, IReadOnlyList<MultipartPartPlan> Parts);

public sealed record MultipartPartPlan(int PartNumber, long Size, Uri Url);

/// <summary>The parts a caller uploaded, to complete a multipart plan.</summary>
public sealed record MultipartCompletion(IReadOnlyList<UploadedPart>? Parts);

/// <summary>The outcome of confirm: the job, and whether this call created it (false for a replay).</summary>
public sealed record ConfirmResult(JobView Job, bool Created);
