using Lifestream.Core.Configuration;
using Lifestream.Core.Idempotency;

namespace Lifestream.Core.Dispatching;

/// <summary>The dispatcher's settings read from <see cref="DispatcherEnvironmentVariables"/>.</summary>
public sealed record DispatcherEnvironment(DispatcherOptions Dispatcher, IdempotencyOptions Idempotency)
{
    public const int DefaultLeaseSeconds = 900;
    public const int DefaultMaxAttempts = 3;
    public const int DefaultTtlDays = 30;
    public const int DefaultTaskTimeoutSeconds = 3600;

    /// <summary>Reads and validates; problems are collected in <paramref name="reader"/> (call ThrowIfInvalid after adding others).</summary>
    public static DispatcherEnvironment Read(EnvironmentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var dispatcher = new DispatcherOptions
        {
            JobsTableName = reader.Required(DispatcherEnvironmentVariables.JobsTableName),
            IdempotencyTableName = reader.Required(DispatcherEnvironmentVariables.IdempotencyTableName),
            TaskTimeout = TimeSpan.FromSeconds(reader.Int32Setting(DispatcherEnvironmentVariables.TaskTimeoutSeconds, DefaultTaskTimeoutSeconds, 1, 7 * 24 * 3600)),
            ProcessorWorkDir = reader.Optional(DispatcherEnvironmentVariables.ProcessorWorkDir) ?? Processing.ProcessorEnvironmentVariables.DefaultWorkDir,
            VideosBucket = reader.Required(DispatcherEnvironmentVariables.VideosBucket) is { Length: > 0 } bucket ? bucket : null,
            Limits = Uploads.UploadLimits.Read(reader),
        };
        var idempotency = new IdempotencyOptions
        {
            LeaseDuration = TimeSpan.FromSeconds(reader.Int32Setting(DispatcherEnvironmentVariables.ClaimLeaseSeconds, DefaultLeaseSeconds, 1, 24 * 3600)),
            MaxAttempts = reader.Int32Setting(DispatcherEnvironmentVariables.MaxAttempts, DefaultMaxAttempts, 1, 100),
            RecordTimeToLive = TimeSpan.FromDays(reader.Int32Setting(DispatcherEnvironmentVariables.ClaimTtlDays, DefaultTtlDays, 1, 3650)),
        };

        // Cross-field checks; table names were already reported by Required.
        reader.AddProblems(dispatcher.GetProblems().Where(p => !p.Contains("TableName", StringComparison.Ordinal)));
        reader.AddProblems(idempotency.GetProblems());
        return new DispatcherEnvironment(dispatcher, idempotency);
    }
}
