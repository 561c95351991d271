using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Uploads;

/// <summary>
/// A caller's view of its jobs, host-agnostic: status, the newest-first list (owner index), results as
/// short-lived presigned URLs, and deletion. Another owner's job and a malformed id read exactly like an
/// unknown id, so ids cannot be probed.
/// </summary>
public sealed class UserJobService
{
    /// <summary>Short names of the documents a run writes (the documents endpoint accepts these or the file name).</summary>
    public static readonly IReadOnlyDictionary<string, string> DocumentAliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["json"] = "summary.json",
        ["md"] = "summary.md",
        ["vtt"] = "transcript.vtt",
        ["srt"] = "transcript.srt",
        ["rttm"] = "diarization.rttm",
        ["timeline"] = "timeline.png",
    };

    public const string KeyframesFolder = "keyframes/";

    private static readonly JobStatus[] Deletable = [.. Enum.GetValues<JobStatus>().Where(s => s.IsTerminal())];

    private readonly UploadApiOptions options;
    private readonly IObjectStore objects;
    private readonly IUploadStorage storage;
    private readonly IJobStore jobs;
    private readonly IJobCatalog catalog;
    private readonly IClaimRemover claims;
    private readonly TimeProvider time;
    private readonly ILogger<UserJobService> logger;

    public UserJobService(
        UploadApiOptions options,
        IObjectStore objects,
        IUploadStorage storage,
        IJobStore jobs,
        IJobCatalog catalog,
        IClaimRemover claims,
        TimeProvider time,
        ILogger<UserJobService> logger)
    {
        (this.options, this.objects, this.storage, this.jobs, this.catalog, this.time) = new UploadServiceDependencies(options, objects, storage, jobs, catalog, time);
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task<JobView> GetAsync(string owner, string jobId, CancellationToken cancellationToken) =>
        JobView.From(await GetOwnedAsync(owner, jobId, cancellationToken).ConfigureAwait(false));

    public async Task<JobViewPage> ListAsync(string owner, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var size = limit ?? options.DefaultPageSize;
        if (size < 1 || size > options.MaxPageSize)
        {
            throw new InvalidUploadRequestException($"limit must be between 1 and {options.MaxPageSize}.");
        }

        var after = string.IsNullOrEmpty(cursor) ? null : JobListCursor.Decode(cursor);
        var page = await catalog.ListByOwnerAsync(owner, size, after, cancellationToken).ConfigureAwait(false);
        return new JobViewPage([.. page.Jobs.Select(JobView.From)], page.Next is null ? null : JobListCursor.Encode(page.Next));
    }

    /// <summary>The video itself (the web app plays it), presigned for <see cref="UploadApiOptions.ResultUrlLifetime"/>.</summary>
    public async Task<Uri> GetVideoUrlAsync(string owner, string jobId, CancellationToken cancellationToken)
    {
        var job = await GetOwnedAsync(owner, jobId, cancellationToken).ConfigureAwait(false);
        return objects.GetPresignedReadUrl(job.S3Bucket, job.S3Key, versionId: null, options.ResultUrlLifetime);
    }

    /// <summary>
    /// A presigned GET of one result document: an alias of <see cref="DocumentAliases"/> or a document name of
    /// the job (<c>keyframes/…</c>). Only keys the job recorded as results are signed.
    /// </summary>
    public async Task<Uri> GetDocumentUrlAsync(string owner, string jobId, string name, CancellationToken cancellationToken)
    {
        var job = await GetOwnedAsync(owner, jobId, cancellationToken).ConfigureAwait(false);
        if (job.Status != JobStatus.Succeeded)
        {
            throw new ResultsNotReadyException(job.JobId, job.Status.ToWire());
        }

        var fileName = DocumentAliases.GetValueOrDefault(name ?? string.Empty, name ?? string.Empty);
        var key = UploadNaming.ResultsPrefix(job.JobId) + fileName;
        if (!job.ResultKeys.Contains(key, StringComparer.Ordinal))
        {
            throw new DocumentNotFoundException(name ?? string.Empty);
        }

        return objects.GetPresignedReadUrl(job.S3Bucket, key, versionId: null, options.ResultUrlLifetime);
    }

    /// <summary>The keyframe documents of a succeeded job, by name.</summary>
    public async Task<IReadOnlyList<string>> ListKeyframesAsync(string owner, string jobId, CancellationToken cancellationToken)
    {
        var job = await GetOwnedAsync(owner, jobId, cancellationToken).ConfigureAwait(false);
        if (job.Status != JobStatus.Succeeded)
        {
            throw new ResultsNotReadyException(job.JobId, job.Status.ToWire());
        }

        return [.. JobView.From(job).Documents.Where(d => d.StartsWith(KeyframesFolder, StringComparison.Ordinal))];
    }

    /// <summary>
    /// Removes results, upload (and reservation), claim, then the job record, in that order: a failure part way
    /// leaves the job visible, so the caller's retry finishes the deletion. Active jobs are refused. A reserved
    /// upload that was never confirmed is deleted too.
    /// </summary>
    public async Task DeleteAsync(string owner, string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var job = UploadNaming.IsJobId(jobId) ? await jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false) : null;
        var bucket = options.VideosBucket;
        if (job is null)
        {
            await DeleteUnconfirmedUploadAsync(owner, jobId, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!string.Equals(job.Owner, owner, StringComparison.Ordinal))
        {
            throw new JobNotFoundException(jobId);
        }

        if (!job.Status.IsTerminal())
        {
            throw new JobStillActiveException(jobId, job.Status.ToWire());
        }

        var results = await storage.DeletePrefixAsync(job.S3Bucket, UploadNaming.ResultsPrefix(jobId), cancellationToken).ConfigureAwait(false);
        var uploads = await storage.DeletePrefixAsync(bucket, UploadNaming.UploadPrefix(jobId), cancellationToken).ConfigureAwait(false);
        if (job.ETag is { } etag)
        {
            await claims.DeleteAsync(new IdempotencyKey(job.S3Key, etag), cancellationToken).ConfigureAwait(false);
        }

        if (!await catalog.TryDeleteAsync(jobId, Deletable, cancellationToken).ConfigureAwait(false))
        {
            // Re-dispatched (a failed job's redelivery) while we deleted: its object is gone, so it ends rejected.
            throw new JobStillActiveException(jobId, (await jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false))?.Status.ToWire() ?? "changing");
        }

        logger.LogInformation("Deleted job {JobId} ({Results} result and {Uploads} upload objects) at {Now:O}", jobId, results, uploads, time.GetUtcNow());
    }

    private async Task DeleteUnconfirmedUploadAsync(string owner, string jobId, CancellationToken cancellationToken)
    {
        var reservation = await UploadReservation.FindAsync(storage, options.VideosBucket, owner, jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new JobNotFoundException(jobId ?? string.Empty);

        if (reservation.MultipartUploadId is { } uploadId)
        {
            await storage.AbortMultipartUploadAsync(options.VideosBucket, reservation.S3Key, uploadId, cancellationToken).ConfigureAwait(false);
        }

        await storage.DeletePrefixAsync(options.VideosBucket, UploadNaming.UploadPrefix(jobId), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Deleted unconfirmed upload {JobId}", jobId);
    }

    private async Task<JobRecord> GetOwnedAsync(string owner, string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (!UploadNaming.IsJobId(jobId))
        {
            throw new JobNotFoundException(jobId ?? string.Empty);
        }

        var job = await jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        return job is not null && string.Equals(job.Owner, owner, StringComparison.Ordinal) ? job : throw new JobNotFoundException(jobId);
    }
}
