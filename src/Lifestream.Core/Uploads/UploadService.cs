using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Jobs;
using Lifestream.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Uploads;

/// <summary>
/// The upload flow of the API, host-agnostic: reserve (presigned PUT or multipart plan) → the client uploads →
/// complete (multipart only) → confirm (HeadObject, size, ftyp sniff, conditional <c>queued</c> job, confirm
/// message). Every step may be retried: a reservation is one document, the job is created conditionally, and
/// a queued job whose message may not have been sent gets it (again) on the next confirm; the dispatcher's
/// claims make duplicate messages harmless.
/// </summary>
public sealed class UploadService
{
    private readonly UploadApiOptions options;
    private readonly IObjectStore objects;
    private readonly IUploadStorage storage;
    private readonly IJobStore jobs;
    private readonly IJobCatalog catalog;
    private readonly IDispatchQueueClient queue;
    private readonly TimeProvider time;
    private readonly ILogger<UploadService> logger;

    public UploadService(
        UploadApiOptions options,
        IObjectStore objects,
        IUploadStorage storage,
        IJobStore jobs,
        IJobCatalog catalog,
        IDispatchQueueClient queue,
        TimeProvider time,
        ILogger<UploadService> logger)
    {
        (this.options, this.objects, this.storage, this.jobs, this.catalog, this.time) = new UploadServiceDependencies(options, objects, storage, jobs, catalog, time);
        this.queue = queue ?? throw new ArgumentNullException(nameof(queue));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task<UploadTicket> CreateAsync(string owner, UploadRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(request);
        var (fileName, size, contentType) = Validate(request);
        var jobId = UploadNaming.NewJobId();
        var key = UploadNaming.VideoKey(jobId, fileName);
        var now = time.GetUtcNow();
        var expiresAt = now + options.UploadUrlLifetime;
        var bucket = options.VideosBucket;

        string? uploadId = null;
        MultipartPlan? multipart = null;
        SinglePutPlan? put = null;
        if (size >= options.MultipartThresholdBytes)
        {
            uploadId = await storage.StartMultipartUploadAsync(bucket, key, contentType, cancellationToken).ConfigureAwait(false);
            var count = (int)((size + options.PartSizeBytes - 1) / options.PartSizeBytes);
            multipart = new MultipartPlan(
                options.PartSizeBytes,
                [.. Enumerable.Range(1, count).Select(n => new MultipartPartPlan(
                    n,
                    Math.Min(options.PartSizeBytes, size - ((n - 1) * options.PartSizeBytes)),
                    storage.PresignPart(bucket, key, uploadId, n, expiresAt)))]);
        }
        else
        {
            put = new SinglePutPlan(storage.PresignPut(bucket, key, contentType, expiresAt), contentType);
        }

        var reservation = new UploadReservation
        {
            JobId = jobId,
            Owner = owner,
            S3Key = key,
            FileName = fileName,
            Size = size,
            ContentType = contentType,
            MultipartUploadId = uploadId,
            PartSize = multipart?.PartSize,
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        try
        {
            await storage.PutDocumentAsync(bucket, UploadNaming.ReservationKey(jobId), reservation.ToJsonBytes(), "application/json", cancellationToken).ConfigureAwait(false);
        }
        catch when (uploadId is not null)
        {
            // Without its reservation nobody can complete or confirm this upload: do not leave it open.
            await AbortQuietlyAsync(key, uploadId).ConfigureAwait(false);
            throw;
        }

        logger.LogInformation("Reserved upload {JobId} ({Size} bytes, {Plan})", jobId, size, uploadId is null ? "single PUT" : $"{multipart!.Parts.Count} parts");
        return new UploadTicket { JobId = jobId, S3Key = key, ExpiresAt = expiresAt, Put = put, Multipart = multipart };
    }

    /// <summary>Completes a multipart plan. Completing an upload whose object already exists is a no-op (a retry).</summary>
    public async Task CompleteAsync(string owner, string jobId, MultipartCompletion completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var reservation = await GetReservationAsync(owner, jobId, cancellationToken).ConfigureAwait(false);
        if (reservation.MultipartUploadId is not { } uploadId)
        {
            throw new MultipartCompletionException("This upload is a single PUT; confirm it directly.");
        }

        var parts = completion.Parts;
        if (parts is null || parts.Count == 0)
        {
            throw new InvalidUploadRequestException("'parts' must list every uploaded part with its part_number and etag.");
        }

        if (parts.Any(p => p.PartNumber < 1 || p.PartNumber > UploadApiOptions.MaximumParts || string.IsNullOrWhiteSpace(p.ETag) || p.ETag.Length > 128)
            || parts.Select(p => p.PartNumber).Distinct().Count() != parts.Count)
        {
            throw new InvalidUploadRequestException("Each part needs a distinct part_number (1-10000) and the ETag its PUT returned.");
        }

        if (await objects.HeadAsync(options.VideosBucket, reservation.S3Key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        try
        {
            await storage.CompleteMultipartUploadAsync(
                options.VideosBucket,
                reservation.S3Key,
                uploadId,
                [.. parts.OrderBy(p => p.PartNumber)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (MultipartUploadRejectedException ex)
        {
            throw new MultipartCompletionException(ex.Message);
        }
    }

    public async Task<ConfirmResult> ConfirmAsync(string owner, string jobId, CancellationToken cancellationToken)
    {
        var reservation = await GetReservationAsync(owner, jobId, cancellationToken).ConfigureAwait(false);
        if (await ExistingJobAsync(reservation, cancellationToken).ConfigureAwait(false) is { } replay)
        {
            return replay;
        }

        var bucket = options.VideosBucket;
        var head = await objects.HeadAsync(bucket, reservation.S3Key, cancellationToken).ConfigureAwait(false)
            ?? throw new UploadMissingException(reservation.MultipartUploadId is null
                ? "No object was uploaded with the presigned PUT yet."
                : "The multipart upload has not been completed yet: POST its parts to the complete endpoint first.");
        if (head.SizeBytes != reservation.Size)
        {
            throw new UploadSizeMismatchException(reservation.Size, head.SizeBytes);
        }

        var first = await storage.ReadPrefixAsync(bucket, reservation.S3Key, IsoBmff.SniffLength, cancellationToken).ConfigureAwait(false);
        if (!IsoBmff.LooksLikeVideo(first, head.SizeBytes))
        {
            throw new NotAVideoException();
        }

        var now = time.GetUtcNow();
        var job = new JobRecord
        {
            JobId = reservation.JobId,
            S3Bucket = bucket,
            S3Key = reservation.S3Key,
            Status = JobStatus.Queued,
            Owner = reservation.Owner,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!await jobs.TryCreateAsync(job, cancellationToken).ConfigureAwait(false))
        {
            // A concurrent confirm, or the dispatcher acting on the upload's own S3 event, was first.
            return await ExistingJobAsync(reservation, cancellationToken).ConfigureAwait(false) ?? throw new JobNotFoundException(jobId);
        }

        try
        {
            await SendConfirmMessageAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Confirm message for job {JobId} not sent ({Error}); removing the job", jobId, ex.GetType().Name);
            await RollBackAsync(jobId).ConfigureAwait(false);
            throw new DispatchUnavailableException(jobId);
        }

        logger.LogInformation("Confirmed upload {JobId}: job queued", jobId);
        return new ConfirmResult(JobView.From(job), Created: true);
    }

    /// <summary>The reservation of one of the caller's uploads; anything else reads as an unknown job.</summary>
    internal async Task<UploadReservation> GetReservationAsync(string owner, string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return await UploadReservation.FindAsync(storage, options.VideosBucket, owner, jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new JobNotFoundException(jobId ?? string.Empty);
    }

    /// <summary>
    /// A job already exists for the reservation: a replayed confirm (resend the message while it is still queued,
    /// in case the first confirm died before sending), or the dispatcher created it from the upload's S3 event
    /// (give it its owner).
    /// </summary>
    private async Task<ConfirmResult?> ExistingJobAsync(UploadReservation reservation, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(reservation.JobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return null;
        }

        if (job.Owner is null)
        {
            job = await catalog.TryAdoptAsync(job.JobId, reservation.S3Key, reservation.Owner, cancellationToken).ConfigureAwait(false)
                ?? throw new JobNotFoundException(reservation.JobId);
        }

        if (!string.Equals(job.Owner, reservation.Owner, StringComparison.Ordinal) || job.S3Key != reservation.S3Key)
        {
            throw new JobNotFoundException(reservation.JobId);
        }

        if (job.Status == JobStatus.Queued)
        {
            try
            {
                await SendConfirmMessageAsync(job, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Resending the confirm message for job {JobId} failed ({Error})", job.JobId, ex.GetType().Name);
                throw new DispatchUnavailableException(job.JobId);
            }
        }

        return new ConfirmResult(JobView.From(job), Created: false);
    }

    private Task SendConfirmMessageAsync(JobRecord job, CancellationToken cancellationToken) =>
        queue.SendAsync(UploadConfirmMessage.Serialize(job.JobId, job.S3Bucket, job.S3Key), cancellationToken);

    private async Task RollBackAsync(string jobId)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            if (!await catalog.TryDeleteAsync(jobId, [JobStatus.Queued], budget.Token).ConfigureAwait(false))
            {
                logger.LogWarning("Job {JobId} was no longer queued when rolling back its confirm", jobId);
            }
        }
        catch (Exception ex)
        {
            // The job stays queued; the caller's retry of confirm sends its message.
            logger.LogError("Rolling back job {JobId} failed ({Error}); a retried confirm will queue it", jobId, ex.GetType().Name);
        }
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await storage.AbortMultipartUploadAsync(options.VideosBucket, key, uploadId, budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The bucket's lifecycle rule aborts incomplete multipart uploads after 7 days.
            logger.LogWarning("Aborting multipart upload of {Key} failed ({Error})", key, ex.GetType().Name);
        }
    }

    private (string FileName, long Size, string ContentType) Validate(UploadRequest request)
    {
        var missing = new List<string>(3);
        if (string.IsNullOrWhiteSpace(request.FileName))
        {
            missing.Add("filename");
        }

        if (request.Size is null)
        {
            missing.Add("size");
        }

        if (string.IsNullOrWhiteSpace(request.ContentType))
        {
            missing.Add("content_type");
        }

        if (missing.Count > 0)
        {
            throw new InvalidUploadRequestException($"Missing {string.Join(", ", missing)}.");
        }

        var fileName = UploadNaming.SafeFileName(request.FileName!);
        UploadNaming.ValidateContentType(request.ContentType!);
        var size = request.Size!.Value;
        if (size < IsoBmff.SniffLength)
        {
            throw new InvalidUploadRequestException($"size must be at least {IsoBmff.SniffLength} bytes.");
        }

        if (size > options.MaxUploadBytes)
        {
            throw new UploadTooLargeException(size, options.MaxUploadBytes);
        }

        return (fileName, size, request.ContentType!.ToLowerInvariant());
    }
}
