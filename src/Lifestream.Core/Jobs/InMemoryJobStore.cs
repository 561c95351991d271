using Lifestream.Core.Persistence;

namespace Lifestream.Core.Jobs;

/// <summary>
/// Jobs in process memory (tests, single-process local runs), with the DynamoDB store's conditional semantics:
/// insert-if-absent and replace-if-version-unchanged, decided under one lock (not sealed: a test may override a primitive to
/// script an ambiguous write). The one in-memory double of
/// <see cref="IJobStore"/>: it counts the conditional writes it was asked for, keeps the versions it wrote in order,
/// and can be told to fail replacements (a store outage), so tests need no store of their own.
/// </summary>
public partial class InMemoryJobStore : JobStore
{
    private readonly Dictionary<string, JobRecord> jobs = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly List<JobRecord> writes = [];
    private int writeCalls;

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

    /// <summary>Conditional writes attempted (applied or not).</summary>
    public int WriteCalls => Volatile.Read(ref writeCalls);

    /// <summary>Every record this store wrote through the state machine, in order.</summary>
    public IReadOnlyList<JobRecord> Writes
    {
        get
        {
            lock (gate)
            {
                return [.. writes];
            }
        }
    }

    /// <summary>Returns an exception to throw instead of replacing (a store outage), or null to write.</summary>
    public Func<JobRecord, Exception?> ReplaceFailure { get; set; } = _ => null;

    /// <summary>The stored job; throws when absent (tests).</summary>
    public JobRecord Get(string jobId)
    {
        lock (gate)
        {
            return jobs.TryGetValue(jobId, out var job) ? job : throw new KeyNotFoundException(jobId);
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
        Interlocked.Increment(ref writeCalls);
        lock (gate)
        {
            if (!jobs.TryAdd(job.JobId, job))
            {
                return Task.FromResult(ConditionalWrite.Rejected<JobRecord>(jobs[job.JobId]));
            }

            writes.Add(job);
            return Task.FromResult(ConditionalWrite.Written<JobRecord>());
        }
    }

    protected override Task<ConditionalWrite<JobRecord>> TryReplaceAsync(JobRecord replacement, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref writeCalls);
        if (ReplaceFailure(replacement) is { } error)
        {
            throw error;
        }

        lock (gate)
        {
            if (!jobs.TryGetValue(replacement.JobId, out var stored) || stored.Version != expectedVersion)
            {
                return Task.FromResult(ConditionalWrite.Rejected<JobRecord>(stored));
            }

            jobs[replacement.JobId] = replacement;
            writes.Add(replacement);
            return Task.FromResult(ConditionalWrite.Written<JobRecord>());
        }
    }
}
