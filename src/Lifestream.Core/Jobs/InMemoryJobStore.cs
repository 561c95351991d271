using Lifestream.Core.Persistence;

namespace Lifestream.Core.Jobs;

/// <summary>
/// Jobs in process memory (tests, single-process local runs), with the DynamoDB store's conditional semantics:
/// insert-if-absent and replace-if-version-unchanged, decided under one lock. Not sealed so tests can inject faults.
/// </summary>
public partial class InMemoryJobStore : JobStore
{
    private readonly Dictionary<string, JobRecord> jobs = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public InMemoryJobStore(TimeProvider? timeProvider = null)
        : base(timeProvider)
    {
    }

    /// <summary>Every stored job (diagnostics, tests and the in-memory recovery index).</summary>
    public IReadOnlyList<JobRecord> Snapshot()
    {
        lock (gate)
        {
            return [.. jobs.Values];
        }
    }

    /// <summary>Stores <paramref name="job"/> as is (test set-up; bypasses the state machine).</summary>
    public void Put(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (gate)
        {
            jobs[job.JobId] = job;
        }
    }

    public override Task<IReadOnlyList<JobRecord>> FindByS3KeyAsync(string s3Key, CancellationToken cancellationToken)
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

    protected override Task<JobRecord?> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(jobs.GetValueOrDefault(jobId));
        }
    }

    protected override Task<ConditionalWrite<JobRecord>> TryInsertAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(jobs.TryAdd(job.JobId, job)
                ? ConditionalWrite.Written<JobRecord>()
                : ConditionalWrite.Rejected<JobRecord>(jobs[job.JobId]));
        }
    }

    protected override Task<ConditionalWrite<JobRecord>> TryReplaceAsync(JobRecord replacement, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!jobs.TryGetValue(replacement.JobId, out var stored) || stored.Version != expectedVersion)
            {
                return Task.FromResult(ConditionalWrite.Rejected<JobRecord>(stored));
            }

            jobs[replacement.JobId] = replacement;
            return Task.FromResult(ConditionalWrite.Written<JobRecord>());
        }
    }
}
