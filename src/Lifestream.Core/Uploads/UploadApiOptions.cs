using Lifestream.Core.Configuration;

namespace Lifestream.Core.Uploads;

/// <summary>Settings of the upload API's application layer, validated once by <see cref="GetProblems"/>.</summary>
public sealed record UploadApiOptions : IValidatedOptions
{
    /// <summary>S3's smallest part (except the last) and largest part count.</summary>
    public const long MinimumPartBytes = 5L * 1024 * 1024;
    public const int MaximumParts = 10_000;

    /// <summary>S3's largest single PUT.</summary>
    public const long MaximumSinglePutBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>The bucket uploads and results live in.</summary>
    public required string VideosBucket { get; init; }

    /// <summary>The largest video a caller may declare (the limit setting).</summary>
    public long MaxUploadBytes { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Uploads at least this large get a multipart plan instead of one presigned PUT.</summary>
    public long MultipartThresholdBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Part size of a multipart plan (the last part may be smaller).</summary>
    public long PartSizeBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How long presigned upload URLs (and the reservation) stay valid.</summary>
    public TimeSpan UploadUrlLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long the presigned result redirects stay valid: long enough to follow, short enough not to be shared.</summary>
    public TimeSpan ResultUrlLifetime { get; init; } = TimeSpan.FromMinutes(5);

    public int DefaultPageSize { get; init; } = 20;

    public int MaxPageSize { get; init; } = 100;

    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(VideosBucket))
        {
            problems.Add("VideosBucket is required.");
        }

        if (MaxUploadBytes < 1)
        {
            problems.Add("MaxUploadBytes must be positive.");
        }

        if (PartSizeBytes < MinimumPartBytes || PartSizeBytes > MaximumSinglePutBytes)
        {
            problems.Add($"PartSizeBytes must be between {MinimumPartBytes} and {MaximumSinglePutBytes} (S3's part limits).");
        }

        if (MultipartThresholdBytes < PartSizeBytes || MultipartThresholdBytes > MaximumSinglePutBytes)
        {
            problems.Add($"MultipartThresholdBytes must be at least PartSizeBytes and at most {MaximumSinglePutBytes} (S3's single PUT limit).");
        }

        if (PartSizeBytes > 0 && (MaxUploadBytes + PartSizeBytes - 1) / PartSizeBytes > MaximumParts)
        {
            problems.Add($"MaxUploadBytes / PartSizeBytes must not exceed {MaximumParts} parts.");
        }

        if (UploadUrlLifetime <= TimeSpan.Zero || UploadUrlLifetime > TimeSpan.FromDays(7))
        {
            problems.Add("UploadUrlLifetime must be positive and at most 7 days (the SigV4 presign limit).");
        }

        if (ResultUrlLifetime <= TimeSpan.Zero || ResultUrlLifetime > TimeSpan.FromHours(1))
        {
            problems.Add("ResultUrlLifetime must be positive and at most 1 hour.");
        }

        if (DefaultPageSize < 1 || MaxPageSize < DefaultPageSize || MaxPageSize > 1000)
        {
            problems.Add("Page sizes must satisfy 1 <= DefaultPageSize <= MaxPageSize <= 1000.");
        }

        return problems;
    }
}
