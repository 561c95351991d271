namespace Lifestream.Core.Jobs;

/// <summary>
/// Persistence port for job records. Every write is conditional so that retries and late tasks cannot
/// move a job backwards (see docs/state-machines.md). Adapters: DynamoDB (Lifestream.Aws), in-memory (tests, local).
/// </summary>
public interface IJobStore
{
    Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Jobs for one S3 key via the <c>s3_key</c> GSI (never a Scan), newest first.</summary>
    Task<IReadOnlyList<JobRecord>> FindByS3KeyAsync(string s3Key, CancellationToken cancellationToken);

    /// <summary>Creates the record; returns false if a record with that id already exists.</summary>
    Task<bool> TryCreateAsync(JobRecord job, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="update"/> only if the stored status is one of <paramref name="expectedStatuses"/>.
    /// Returns the updated record, or null when the condition failed (the record is absent or in another status).
    /// </summary>
    Task<JobRecord?> TryTransitionAsync(
        string jobId,
        IReadOnlyCollection<JobStatus> expectedStatuses,
        JobUpdate update,
        CancellationToken cancellationToken);
}

/// <summary>Fields to set in a conditional job update; null means "leave unchanged".</summary>
public sealed record JobUpdate
{
    public JobStatus? Status { get; init; }

    public string? ETag { get; init; }

    public string? CurrentStage { get; init; }

    public int? Attempts { get; init; }

    public string? TaskArn { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<string>? ResultKeys { get; init; }

    public IReadOnlyDictionary<string, double>? StageTimings { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}
