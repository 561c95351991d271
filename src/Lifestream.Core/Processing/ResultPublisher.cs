using Lifestream.Core.Idempotency;
using Lifestream.Core.Storage;

namespace Lifestream.Core.Processing;

/// <summary>
/// Publishes under <c>results/&lt;job_id&gt;/</c> only while this attempt owns the claim. The attempt's workspace is
/// its private staging area; right before publishing, the claim lease is renewed (the fence: it fails once a newer
/// attempt took over), which guarantees nobody can take the claim for a full lease. Publication is then cut off after
/// <see cref="Window"/> (half a lease), leaving the other half as the margin for requests already in flight, so a
/// zombie attempt can never overwrite the new owner's documents. summary.json is written last.
/// </summary>
internal sealed class ResultPublisher(ProcessorSettings settings, IObjectStore objects, IIdempotencyStore claims)
{
    /// <summary>How long after the fence this attempt may still write.</summary>
    public TimeSpan Window => settings.ClaimPolicy.LeaseDuration / 2;

    /// <summary>The failure report of a retried attempt stays beside the attempt: it must not sit next to a later summary.</summary>
    public string FailureReportKey(bool terminal) => terminal
        ? settings.ResultsKeyPrefix + FailureReport.FileName
        : $"{settings.ResultsKeyPrefix}attempts/{settings.ClaimAttempt}/{FailureReport.FileName}";

    /// <summary>Renews the lease as the fence; false when this attempt no longer owns the claim.</summary>
    public Task<bool> FenceAsync(CancellationToken token) =>
        claims.TryRenewLeaseAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, token);

    /// <summary>Fences, then uploads every document; null when the fence failed (nothing was written).</summary>
    public async Task<IReadOnlyList<string>?> PublishResultsAsync(JobWorkspace workspace, CancellationToken token)
    {
        if (!File.Exists(Path.Combine(workspace.OutputDirectory, ResultDocuments.Summary)))
        {
            throw new ResultUploadException($"The pipeline finished without writing {ResultDocuments.Summary}; nothing to publish.");
        }

        if (!await FenceAsync(token))
        {
            return null;
        }

        using var window = CancellationTokenSource.CreateLinkedTokenSource(token);
        window.CancelAfter(Window);
        return await new ResultUploader(objects).UploadDirectoryAsync(
            settings.S3Bucket, workspace.OutputDirectory, settings.ResultsKeyPrefix, ResultDocuments.Summary, window.Token);
    }

    /// <summary>Uploads the report (the caller fenced just before) and returns its key.</summary>
    public async Task<string> PublishFailureReportAsync(FailureReport report, bool terminal, string scratchDirectory, CancellationToken token)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(token);
        window.CancelAfter(Window);
        var key = FailureReportKey(terminal);
        var path = Path.Combine(scratchDirectory, $"{FailureReport.FileName}.{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(path, report.ToJson(), window.Token);
            await objects.UploadFileAsync(settings.S3Bucket, key, path, ContentTypes.ForFile(FailureReport.FileName), window.Token);
            return key;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
