using System.Text.RegularExpressions;
using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Uploads;
using Env = Lifestream.Core.Processing.ProcessorEnvironmentVariables;

namespace Lifestream.Core.Processing;

/// <summary>
/// Parses the processor's environment contract (<see cref="ProcessorEnvironmentVariables"/>). Collects
/// every problem before failing so one run of the task shows everything that is wrong.
/// </summary>
public static partial class ProcessorSettingsParser
{
    public const string DefaultResultsPrefix = "results/";

    /// <summary>Upper bound for TASK_TIMEOUT_SECONDS: a day is far beyond any sane single video.</summary>
    public const int MaxTaskTimeoutSeconds = 86_400;

    /// <summary>Default watchdog grace: the runner's bookkeeping budget (20 s) plus margin.</summary>
    public const int DefaultWatchdogGraceSeconds = 30;

    /// <summary>Parses and validates; throws <see cref="ProcessorSettingsException"/> listing every problem.</summary>
    public static ProcessorSettings Parse(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var reader = EnvironmentReader.FromDictionary(environment);

        var jobId = NullIfEmpty(reader.Required(Env.JobId));
        if (jobId is not null && !ObjectKeyGuard.IsSafeJobId(jobId))
        {
            reader.AddProblem($"{Env.JobId} '{jobId}' is invalid: use 1-128 letters, digits, '-' or '_' (it becomes a key segment and a directory name).");
            jobId = null;
        }

        var bucket = NullIfEmpty(reader.Required(Env.S3Bucket));
        if (bucket is not null && !ObjectKeyGuard.IsValidBucketName(bucket))
        {
            reader.AddProblem($"{Env.S3Bucket} '{bucket}' is not a valid S3 bucket name.");
        }

        // The key is used raw (not trimmed): S3 keys may legitimately contain spaces.
        var key = reader.Untrimmed(Env.S3Key);
        if (key is null)
        {
            reader.AddProblem($"{Env.S3Key} is required but not set.");
        }
        else if (UploadKeyRule.Check(key) is { IsAccepted: false } verdict)
        {
            reader.AddProblem(verdict.Problem == UploadKeyProblem.Unsafe
                ? $"{Env.S3Key} is unsafe: it {verdict.Reason}."
                : $"{Env.S3Key} is not an upload this pipeline processes: {verdict.Reason}.");
        }

        var etag = NullIfEmpty(reader.Required(Env.S3ETag));
        if (etag is not null)
        {
            etag = IdempotencyKey.NormalizeETag(etag);
            if (!ObjectKeyGuard.IsValidETag(etag))
            {
                reader.AddProblem($"{Env.S3ETag} '{etag}' is not an S3 ETag (hex digest, optionally '-<parts>').");
            }
        }

        var attempt = reader.Int32OrNull(Env.ClaimAttempt, 1, int.MaxValue, required: true);
        var timeoutSeconds = reader.Int32OrNull(Env.TaskTimeoutSeconds, 1, MaxTaskTimeoutSeconds, required: true);
        // The claim policy the dispatcher used (it passes these three); the defaults equal the dispatcher's.
        var leaseSeconds = reader.Int32Setting(DispatcherEnvironmentVariables.ClaimLeaseSeconds, DispatcherEnvironment.DefaultLeaseSeconds, 3, 86_400);
        var claimPolicy = new IdempotencyOptions
        {
            LeaseDuration = TimeSpan.FromSeconds(leaseSeconds),
            MaxAttempts = reader.Int32Setting(DispatcherEnvironmentVariables.MaxAttempts, DispatcherEnvironment.DefaultMaxAttempts, 1, 100),
            RecordTimeToLive = TimeSpan.FromDays(reader.Int32Setting(DispatcherEnvironmentVariables.ClaimTtlDays, DispatcherEnvironment.DefaultTtlDays, 1, 3650)),
        };
        reader.AddProblems(claimPolicy.GetProblems());
        var renewSeconds = reader.Int32Setting(Env.LeaseRenewSeconds, Math.Max(1, leaseSeconds / 3), 1, 3600);
        if (renewSeconds >= leaseSeconds)
        {
            reader.AddProblem($"{Env.LeaseRenewSeconds} ({renewSeconds}) must be shorter than {DispatcherEnvironmentVariables.ClaimLeaseSeconds} ({leaseSeconds}) or the lease lapses between renewals.");
        }

        var watchdogGrace = reader.Int32Setting(Env.WatchdogGraceSeconds, DefaultWatchdogGraceSeconds, 1, 3600);

        var workDir = reader.Optional(Env.WorkDir) ?? Env.DefaultWorkDir;
        if (!Path.IsPathFullyQualified(workDir))
        {
            reader.AddProblem($"{Env.WorkDir} '{workDir}' must be an absolute path.");
        }
        else if (!Directory.Exists(workDir))
        {
            reader.AddProblem($"{Env.WorkDir} '{workDir}' does not exist.");
        }

        var jobsTable = NullIfEmpty(reader.Required(Env.JobsTableName));
        var claimsTable = reader.Required(Env.IdempotencyTableName);

        var resultsPrefix = reader.Optional(Env.ResultsPrefix) ?? DefaultResultsPrefix;
        if (!resultsPrefix.EndsWith('/') || UploadKeyRule.ExplainUnsafe(resultsPrefix) is not null)
        {
            reader.AddProblem($"{Env.ResultsPrefix} '{resultsPrefix}' must be a relative key prefix ending with '/' without '.' or '..' segments.");
        }

        var pipeline = ParsePipeline(reader);
        var limits = UploadLimits.Read(reader);
        var streaming = reader.Boolean(Env.StreamingIntake) ?? true;

        reader.ThrowIfInvalid(problems => new ProcessorSettingsException(problems, jobId, jobsTable));
        return new ProcessorSettings
        {
            JobId = jobId!,
            S3Bucket = bucket!,
            S3Key = key!,
            ETag = etag!,
            ClaimAttempt = attempt!.Value,
            WorkDir = workDir,
            JobsTableName = jobsTable!,
            IdempotencyTableName = claimsTable,
            TaskTimeout = TimeSpan.FromSeconds(timeoutSeconds!.Value),
            LeaseRenewInterval = TimeSpan.FromSeconds(renewSeconds),
            ClaimPolicy = claimPolicy,
            ResultsPrefix = resultsPrefix,
            Pipeline = pipeline,
            StreamingIntake = streaming,
            Limits = limits,
            WatchdogGrace = TimeSpan.FromSeconds(watchdogGrace),
        };
    }

    private static ProcessorPipelineSettings ParsePipeline(EnvironmentReader reader)
    {
        var engine = reader.Optional(Env.AsrEngine);
        if (engine is not null && !EngineNamePattern().IsMatch(engine))
        {
            reader.AddProblem($"{Env.AsrEngine} '{engine}' is not an engine name (lowercase letters, digits, '-').");
        }

        var whisper = ModelFile(reader, Env.WhisperModelPath);
        var sha = reader.Optional(Env.WhisperModelSha256);
        if (sha is not null && !Sha256Pattern().IsMatch(sha))
        {
            reader.AddProblem($"{Env.WhisperModelSha256} must be 64 hexadecimal characters.");
        }

        return new ProcessorPipelineSettings
        {
            AsrEngine = engine,
            WhisperModelPath = whisper,
            WhisperModelSha256 = sha?.ToLowerInvariant(),
            SpeakerEmbeddingModelPath = ModelFile(reader, Env.SpeakerEmbeddingModelPath),
            VadModelPath = ModelFile(reader, Env.VadModelPath),
        };
    }

    private static string? ModelFile(EnvironmentReader reader, string name)
    {
        var path = reader.Optional(name);
        if (path is not null && !File.Exists(path))
        {
            reader.AddProblem($"{name} '{path}' does not exist or is not a file.");
        }

        return path;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex EngineNamePattern();

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
