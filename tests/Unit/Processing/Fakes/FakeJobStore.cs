using System.Collections.Concurrent;
using Lifestream.Core.Jobs;
using Lifestream.Core.Persistence;

namespace Lifestream.Tests.Unit.Processing.Fakes;

/// <summary>The in-memory job store (the real state machine) recording every write it was asked for and every one it applied.</summary>
internal sealed class FakeJobStore : InMemoryJobStore
{
    private int writeCalls;

    /// <summary>Records as written, in order.</summary>
    public ConcurrentQueue<JobRecord> Writes { get; } = new();

    /// <summary>Returns an exception to throw instead of writing (a store outage), or null to write.</summary>
    public Func<JobRecord, Exception?> ReplaceFailure { get; set; } = _ => null;

    /// <summary>Conditional writes attempted (applied or not).</summary>
    public int WriteCalls => writeCalls;

    public JobRecord Get(string jobId) => GetAsync(jobId, CancellationToken.None).GetAwaiter().GetResult()
        ?? throw new KeyNotFoundException(jobId);

    protected override async Task<ConditionalWrite<JobRecord>> TryInsertAsync(JobRecord job, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref writeCalls);
        var write = await base.TryInsertAsync(job, cancellationToken);
        if (write.Applied)
        {
            Writes.Enqueue(job);
        }

        return write;
    }

    protected override async Task<ConditionalWrite<JobRecord>> TryReplaceAsync(JobRecord replacement, long expectedVersion, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref writeCalls);
        if (ReplaceFailure(replacement) is { } error)
        {
            throw error;
        }

        var write = await base.TryReplaceAsync(replacement, expectedVersion, cancellationToken);
        if (write.Applied)
        {
            Writes.Enqueue(replacement);
        }

        return write;
    }
}
