using System.Globalization;
using System.Text.RegularExpressions;
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
        var problems = new List<string>();

        string? Get(string name) =>
            environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        string? Required(string name)
        {
            var value = Get(name);
            if (value is null)
            {
                problems.Add($"{name} is required but missing or empty.");
            }

            return value;
        }

        var jobId = Required(Env.JobId);
        if (jobId is not null && !ObjectKeyGuard.IsSafeJobId(jobId))
        {
            problems.Add($"{Env.JobId} '{jobId}' is invalid: use 1-128 letters, digits, '-' or '_' (it becomes a key segment and a directory name).");
            jobId = null;
        }

        var bucket = Required(Env.S3Bucket);
        if (bucket is not null && !ObjectKeyGuard.IsValidBucketName(bucket))
        {
            problems.Add($"{Env.S3Bucket} '{bucket}' is not a valid S3 bucket name.");
        }

        // The key is used raw (not trimmed): S3 keys may legitimately contain spaces.
        var key = environment.TryGetValue(Env.S3Key, out var rawKey) && !string.IsNullOrEmpty(rawKey) ? rawKey : null;
        if (key is null)
        {
            problems.Add($"{Env.S3Key} is required but missing or empty.");
        }
        else if (UploadKeyRule.Check(key) is { IsAccepted: false } verdict)
        {
            problems.Add(verdict.Problem == UploadKeyProblem.Unsafe
                ? $"{Env.S3Key} is unsafe: it {verdict.Reason}."
                : $"{Env.S3Key} is not an upload this pipeline processes: {verdict.Reason}.");
        }

        var etag = Required(Env.S3ETag);
        if (etag is not null)
        {
            etag = IdempotencyKey.NormalizeETag(etag);
            if (!ObjectKeyGuard.IsValidETag(etag))
            {
                problems.Add($"{Env.S3ETag} '{etag}' is not an S3 ETag (hex digest, optionally '-<parts>').");
            }
        }

        var attempt = ParseInt(Get(Env.ClaimAttempt), Env.ClaimAttempt, 1, int.MaxValue, required: true, problems);
        var timeoutSeconds = ParseInt(Get(Env.TaskTimeoutSeconds), Env.TaskTimeoutSeconds, 1, MaxTaskTimeoutSeconds, required: true, problems);
        // The claim policy the dispatcher used (it passes these three); the defaults equal the dispatcher's.
        var leaseSeconds = ParseInt(Get(DispatcherEnvironmentVariables.ClaimLeaseSeconds), DispatcherEnvironmentVariables.ClaimLeaseSeconds, 3, 86_400, required: false, problems)
            ?? DispatcherEnvironment.DefaultLeaseSeconds;
        var claimPolicy = new IdempotencyOptions
        {
            LeaseDuration = TimeSpan.FromSeconds(leaseSeconds),
            MaxAttempts = ParseInt(Get(DispatcherEnvironmentVariables.MaxAttempts), DispatcherEnvironmentVariables.MaxAttempts, 1, 100, required: false, problems)
                ?? DispatcherEnvironment.DefaultMaxAttempts,
            RecordTimeToLive = TimeSpan.FromDays(
                ParseInt(Get(DispatcherEnvironmentVariables.ClaimTtlDays), DispatcherEnvironmentVariables.ClaimTtlDays, 1, 3650, required: false, problems)
                ?? DispatcherEnvironment.DefaultTtlDays),
        };
        problems.AddRange(claimPolicy.GetProblems());
        var renewSeconds = ParseInt(Get(Env.LeaseRenewSeconds), Env.LeaseRenewSeconds, 1, 3600, required: false, problems) ?? Math.Max(1, leaseSeconds / 3);
        if (renewSeconds >= leaseSeconds)
        {
            problems.Add($"{Env.LeaseRenewSeconds} ({renewSeconds}) must be shorter than {DispatcherEnvironmentVariables.ClaimLeaseSeconds} ({leaseSeconds}) or the lease lapses between renewals.");
        }

        var watchdogGrace = ParseInt(Get(Env.WatchdogGraceSeconds), Env.WatchdogGraceSeconds, 1, 3600, required: false, problems) ?? DefaultWatchdogGraceSeconds;

        var workDir = Get(Env.WorkDir) ?? Env.DefaultWorkDir;
        if (!Path.IsPathFullyQualified(workDir))
        {
            problems.Add($"{Env.WorkDir} '{workDir}' must be an absolute path.");
        }
        else if (!Directory.Exists(workDir))
        {
            problems.Add($"{Env.WorkDir} '{workDir}' does not exist.");
        }

        var jobsTable = Required(Env.JobsTableName);
        var claimsTable = Required(Env.IdempotencyTableName);

        var resultsPrefix = Get(Env.ResultsPrefix) ?? DefaultResultsPrefix;
        if (!resultsPrefix.EndsWith('/') || UploadKeyRule.ExplainUnsafe(resultsPrefix) is not null)
        {
            problems.Add($"{Env.ResultsPrefix} '{resultsPrefix}' must be a relative key prefix ending with '/' without '.' or '..' segments.");
        }

        var pipeline = ParsePipeline(Get, problems);
        var limitsReader = new EnvironmentReader(name => environment.TryGetValue(name, out var value) ? value : null);
        var limits = UploadLimits.Read(limitsReader);
        problems.AddRange(limitsReader.Problems);
        var streaming = Get(Env.StreamingIntake)?.ToLowerInvariant() switch
        {
            null or "true" or "1" => true,
            "false" or "0" => false,
            var other => AddProblem(problems, $"{Env.StreamingIntake} '{other}' must be true or false."),
        };

        if (problems.Count > 0)
        {
            throw new ProcessorSettingsException(problems, jobId, jobsTable);
        }

        return new ProcessorSettings
        {
            JobId = jobId!,
            S3Bucket = bucket!,
            S3Key = key!,
            ETag = etag!,
            ClaimAttempt = attempt!.Value,
            WorkDir = workDir,
            JobsTableName = jobsTable!,
            IdempotencyTableName = claimsTable!,
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

    private static ProcessorPipelineSettings ParsePipeline(Func<string, string?> get, List<string> problems)
    {
        var engine = get(Env.AsrEngine);
        if (engine is not null && !EngineNamePattern().IsMatch(engine))
        {
            problems.Add($"{Env.AsrEngine} '{engine}' is not an engine name (lowercase letters, digits, '-').");
        }

        string? ModelFile(string name)
        {
            var path = get(name);
            if (path is not null && !File.Exists(path))
            {
                problems.Add($"{name} '{path}' does not exist or is not a file.");
            }

            return path;
        }

        var whisper = ModelFile(Env.WhisperModelPath);
        var sha = get(Env.WhisperModelSha256);
        if (sha is not null && !Sha256Pattern().IsMatch(sha))
        {
            problems.Add($"{Env.WhisperModelSha256} must be 64 hexadecimal characters.");
        }

        return new ProcessorPipelineSettings
        {
            AsrEngine = engine,
            WhisperModelPath = whisper,
            WhisperModelSha256 = sha?.ToLowerInvariant(),
            SpeakerEmbeddingModelPath = ModelFile(Env.SpeakerEmbeddingModelPath),
            VadModelPath = ModelFile(Env.VadModelPath),
        };
    }

    private static bool AddProblem(List<string> problems, string problem)
    {
        problems.Add(problem);
        return false;
    }

    private static int? ParseInt(string? text, string name, int min, int max, bool required, List<string> problems)
    {
        if (text is null)
        {
            if (required)
            {
                problems.Add($"{name} is required but missing or empty.");
            }

            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add($"{name} '{text}' must be a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex EngineNamePattern();

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
