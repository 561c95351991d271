using Lifestream.Core.Configuration;

namespace Lifestream.Core.Dispatching;

/// <summary>Dispatcher settings (see <see cref="DispatcherEnvironment"/> for the env contract).</summary>
public sealed record DispatcherOptions : IValidatedOptions
{
    public required string JobsTableName { get; init; }

    public required string IdempotencyTableName { get; init; }

    /// <summary>The processor's own deadline (TASK_TIMEOUT_SECONDS), passed to every task.</summary>
    public TimeSpan TaskTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>WORK_DIR for the processor.</summary>
    public string ProcessorWorkDir { get; init; } = Processing.ProcessorEnvironmentVariables.DefaultWorkDir;

    /// <summary>Records of one batch dispatched at once (they are independent: each has its own claim).</summary>
    public int MaxConcurrency { get; init; } = 16;

    /// <summary>
    /// The bucket uploads arrive in (VIDEOS_BUCKET); records naming another bucket are rejected. Required by the
    /// Lambda's environment; null only for in-process hosts that do not pin one.
    /// </summary>
    public string? VideosBucket { get; init; }

    /// <summary>Object size is checked here; every limit is passed on to the task.</summary>
    public Uploads.UploadLimits Limits { get; init; } = new();

    /// <summary>Extra static variables passed to every task (pipeline engine settings and the like).</summary>
    public IReadOnlyDictionary<string, string> ExtraProcessorEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(JobsTableName))
        {
            problems.Add($"{nameof(JobsTableName)} is required.");
        }

        if (string.IsNullOrWhiteSpace(IdempotencyTableName))
        {
            problems.Add($"{nameof(IdempotencyTableName)} is required.");
        }

        if (TaskTimeout < TimeSpan.FromSeconds(1) || TaskTimeout > TimeSpan.FromDays(7))
        {
            problems.Add($"{nameof(TaskTimeout)} must be between 1 second and 7 days (was {TaskTimeout}).");
        }

        if (string.IsNullOrWhiteSpace(ProcessorWorkDir))
        {
            problems.Add($"{nameof(ProcessorWorkDir)} must not be empty.");
        }

        if (VideosBucket is not null && !Processing.ObjectKeyGuard.IsValidBucketName(VideosBucket))
        {
            problems.Add($"{nameof(VideosBucket)} '{VideosBucket}' is not a valid S3 bucket name.");
        }

        if (MaxConcurrency is < 1 or > 256)
        {
            problems.Add($"{nameof(MaxConcurrency)} must be between 1 and 256 (was {MaxConcurrency}).");
        }

        return problems;
    }
}
