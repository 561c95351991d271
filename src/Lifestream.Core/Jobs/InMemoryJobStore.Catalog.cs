using Lifestream.Core.Persistence;

namespace Lifestream.Core.Jobs;

/// <summary>The owner listing, adoption and deletion with the DynamoDB store's semantics.</summary>
public partial class InMemoryJobStore : IJobCatalog
{
    public Task<JobPage> ListByOwnerAsync(string owner, int limit, JobPosition? after, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            var ordered = jobs.Values
                .Where(j => string.Equals(j.Owner, owner, StringComparison.Ordinal))
                .OrderByDescending(j => j.CreatedAt)
                .ThenByDescending(j => j.JobId, StringComparer.Ordinal)
                .Where(j => after is null || j.CreatedAt < after.CreatedAt
                    || (j.CreatedAt == after.CreatedAt && string.CompareOrdinal(j.JobId, after.JobId) < 0))
                .Take(limit + 1)
                .ToList();
            var page = ordered.Take(limit).ToList();
            var next = ordered.Count > limit ? new JobPosition(page[^1].CreatedAt, page[^1].JobId) : null;
            return Task.FromResult(new JobPage(page, next));
        }
    }

    public Task<JobRecord?> TryAdoptAsync(string jobId, string s3Key, string owner, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!jobs.TryGetValue(jobId, out var job) || !string.Equals(job.S3Key, s3Key, StringComparison.Ordinal)
                || (job.Owner is not null && !string.Equals(job.Owner, owner, StringComparison.Ordinal)))
            {
                return Task.FromResult<JobRecord?>(null);
            }

            if (!string.Equals(job.Owner, owner, StringComparison.Ordinal))
            {
                // A new version, so a transition that read the record before the adoption cannot write the owner away.
                jobs[jobId] = job with { Owner = owner, Version = job.Version + 1, WriteToken = WriteTokens.New() };
            }

            return Task.FromResult<JobRecord?>(jobs[jobId]);
        }
    }

    public Task<bool> TryDeleteAsync(string jobId, IReadOnlyCollection<JobStatus> expectedStatuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expectedStatuses);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(jobs.TryGetValue(jobId, out var job) && expectedStatuses.Contains(job.Status) && jobs.Remove(jobId));
        }
    }
}
