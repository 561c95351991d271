namespace Lifestream.Core.Jobs;

/// <summary>
/// Jobs in process memory (tests, single-process local runs), with the same conditional semantics as the
/// DynamoDB store: create-if-absent and transition-if-status-matches, decided under one lock.
/// </summary>
public sealed partial class InMemoryJobStore : IJobStore
{
    private readonly Dictionary<string, JobRecord> jobs = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(jobs.GetValueOrDefault(jobId));
        }
    }

    public Task<IReadOnlyList<JobRecord>> FindByS3KeyAsync(string s3Key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            IReadOnlyList<JobRecord> found = [.. jobs.Values
                .Where(j => string.Equals(j.S3Key, s3Key, StringComparison.Ordinal))
                .OrderByDescending(j => j.CreatedAt)];
            return Task.FromResult(found);
        }
    }

    public Task<bool> TryCreateAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(jobs.TryAdd(job.JobId, job));
        }
    }

    public Task<JobRecord?> TryTransitionAsync(
        string jobId,
        IReadOnlyCollection<JobStatus> expectedStatuses,
        JobUpdate update,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expectedStatuses);
        ArgumentNullException.ThrowIfNull(update);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!jobs.TryGetValue(jobId, out var current) || !expectedStatuses.Contains(current.Status))
            {
                return Task.FromResult<JobRecord?>(null);
            }

            var updated = update.ApplyTo(current);
            jobs[jobId] = updated;
            return Task.FromResult<JobRecord?>(updated);
        }
    }
}
