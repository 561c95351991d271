using System.Collections.Concurrent;
using Lifestream.Core.Jobs;

namespace Lifestream.Tests.Unit.Core.Processing.Fakes;

/// <summary>In-memory job store with the conditional-transition semantics of IJobStore; records every applied update.</summary>
internal sealed class FakeJobStore : IJobStore
{
    private readonly object gate = new();
    private readonly Dictionary<string, JobRecord> records = new(StringComparer.Ordinal);

    public ConcurrentQueue<JobUpdate> AppliedUpdates { get; } = new();

    public int TransitionCalls { get; private set; }

    public void Put(JobRecord job)
    {
        lock (gate)
        {
            records[job.JobId] = job;
        }
    }

    public JobRecord Get(string jobId)
    {
        lock (gate)
        {
            return records[jobId];
        }
    }

    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(records.GetValueOrDefault(jobId));
        }
    }

    public Task<IReadOnlyList<JobRecord>> FindByS3KeyAsync(string s3Key, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<JobRecord>>(records.Values.Where(r => r.S3Key == s3Key).OrderByDescending(r => r.CreatedAt).ToList());
        }
    }

    public Task<bool> TryCreateAsync(JobRecord job, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(records.TryAdd(job.JobId, job));
        }
    }

    public Task<JobRecord?> TryTransitionAsync(string jobId, IReadOnlyCollection<JobStatus> expectedStatuses, JobUpdate update, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            TransitionCalls++;
            if (!records.TryGetValue(jobId, out var current) || !expectedStatuses.Contains(current.Status))
            {
                return Task.FromResult<JobRecord?>(null);
            }

            var next = update.ApplyTo(current);
            records[jobId] = next;
            AppliedUpdates.Enqueue(update);
            return Task.FromResult<JobRecord?>(next);
        }
    }
}
