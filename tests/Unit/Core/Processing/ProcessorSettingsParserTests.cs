using Lifestream.Core.Processing;
using Env = Lifestream.Core.Processing.ProcessorEnvironmentVariables;

namespace Lifestream.Tests.Unit.Core.Processing;

public sealed class ProcessorSettingsParserTests
{
    internal static Dictionary<string, string?> ValidEnvironment() => new()
    {
        [Env.JobId] = "job-01HZX",
        [Env.S3Bucket] = "lifestream-uploads",
        [Env.S3Key] = "uploads/team meeting (1).mp4",
        [Env.S3ETag] = "\"0123456789abcdef0123456789abcdef-3\"",
        [Env.ClaimAttempt] = "2",
        [Env.JobsTableName] = "lifestream-jobs",
        [Env.IdempotencyTableName] = "lifestream-idempotency",
        [Env.TaskTimeoutSeconds] = "3600",
    };

    [Fact]
    public void Valid_environment_parses_with_documented_defaults()
    {
        var settings = ProcessorSettingsParser.Parse(ValidEnvironment());

        Assert.Equal("job-01HZX", settings.JobId);
        Assert.Equal("uploads/team meeting (1).mp4", settings.S3Key);
        Assert.Equal("0123456789abcdef0123456789abcdef-3", settings.ETag);
        Assert.Equal(2, settings.ClaimAttempt);
        Assert.Equal("/tmp", settings.WorkDir);
        Assert.Equal(TimeSpan.FromHours(1), settings.TaskTimeout);
        Assert.Equal(TimeSpan.FromSeconds(300), settings.LeaseRenewInterval);
        Assert.Equal(TimeSpan.FromSeconds(900), settings.ClaimPolicy.LeaseDuration);
        Assert.Equal(3, settings.ClaimPolicy.MaxAttempts);
        Assert.Equal("results/job-01HZX/", settings.ResultsKeyPrefix);
        Assert.Equal("uploads/team meeting (1).mp4|0123456789abcdef0123456789abcdef-3", settings.ClaimKey.Value);
        Assert.True(settings.BookkeepingTimeout < TimeSpan.FromSeconds(30), "bookkeeping must fit ECS's 30 s stop grace");
    }

    [Fact]
    public void Empty_environment_lists_every_missing_variable_in_one_message()
    {
        var ex = Assert.Throws<ProcessorSettingsException>(() => ProcessorSettingsParser.Parse(new Dictionary<string, string?>()));

        string[] required = [Env.JobId, Env.S3Bucket, Env.S3Key, Env.S3ETag, Env.ClaimAttempt, Env.JobsTableName, Env.IdempotencyTableName, Env.TaskTimeoutSeconds];
        Assert.Equal(required.Length, ex.Problems.Count);
        foreach (var name in required)
        {
            Assert.Contains($"{name} is required", ex.Message, StringComparison.Ordinal);
        }

        Assert.Null(ex.JobId);
        Assert.Null(ex.JobsTableName);
    }

    [Fact]
    public void Invalid_values_are_all_reported_with_the_setting_name()
    {
        var env = ValidEnvironment();
        env[Env.ClaimAttempt] = "0";
        env[Env.TaskTimeoutSeconds] = "ten";
        env[Env.WorkDir] = "relative/dir";
        env[Env.S3Bucket] = "Bad_Bucket";
        env[Env.S3ETag] = "not an etag";
        env[Env.LeaseRenewSeconds] = "-5";
        env[Env.ResultsPrefix] = "../results";

        var ex = Assert.Throws<ProcessorSettingsException>(() => ProcessorSettingsParser.Parse(env));

        Assert.Equal(7, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.ClaimAttempt + " '0'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.TaskTimeoutSeconds + " 'ten'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.WorkDir, StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.S3Bucket, StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.S3ETag, StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.LeaseRenewSeconds, StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.ResultsPrefix, StringComparison.Ordinal));

        // The job id and table were valid: the host can still mark the job failed.
        Assert.Equal("job-01HZX", ex.JobId);
        Assert.Equal("lifestream-jobs", ex.JobsTableName);
    }

    [Fact]
    public void Work_dir_that_does_not_exist_is_a_problem()
    {
        var env = ValidEnvironment();
        env[Env.WorkDir] = "/definitely/not/here/" + Guid.NewGuid();

        var ex = Assert.Throws<ProcessorSettingsException>(() => ProcessorSettingsParser.Parse(env));
        Assert.Contains("does not exist", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../etc/passwd", "'.' or '..'")]
    [InlineData("uploads/../../root/.ssh/id_rsa", "'.' or '..'")]
    [InlineData("uploads/./video.mp4", "'.' or '..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:/Windows/win.ini", "absolute")]
    [InlineData("uploads\\..\\x.mp4", "backslash")]
    [InlineData("uploads/a\u0000b.mp4", "control")]
    [InlineData("uploads/a\nb.mp4", "control")]
    public void Unsafe_keys_are_refused(string key, string reason)
    {
        var env = ValidEnvironment();
        env[Env.S3Key] = key;

        var ex = Assert.Throws<ProcessorSettingsException>(() => ProcessorSettingsParser.Parse(env));

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith(Env.S3Key + " is unsafe", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uploads/日本語 の 動画.mov")]
    [InlineData("uploads/a..b.mp4")]
    [InlineData("uploads/.hidden.mp4")]
    [InlineData("uploads/ leading space.mp4")]
    public void Unusual_but_harmless_keys_are_accepted(string key)
    {
        var env = ValidEnvironment();
        env[Env.S3Key] = key;

        Assert.Equal(key, ProcessorSettingsParser.Parse(env).S3Key);
    }

    [Theory]
    [InlineData("videos/a.mp4", "not under 'uploads/'")]
    [InlineData("uploads/a.exe", "does not end with .mp4 or .mov")]
    public void Keys_the_dispatcher_would_ignore_are_refused_by_the_same_rule(string key, string reason)
    {
        var env = ValidEnvironment();
        env[Env.S3Key] = key;

        var problem = Assert.Single(Assert.Throws<ProcessorSettingsException>(() => ProcessorSettingsParser.Parse(env)).Problems);

        Assert.StartsWith(Env.S3Key + " is not an upload", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_and_watchdog_grace_are_read_and_invalid_ones_reported()
    {
        var env = ValidEnvironment();
        env[Lifestream.Core.Uploads.UploadLimits.MaxDurationSecondsVariable] = "60";
        env[Env.WatchdogGraceSeconds] = "5";

        var settings = ProcessorSettingsParser.Parse(env);

        Assert.Equal(60, settings.Limits.MaxDurationSeconds);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.WatchdogGrace);
        env[Lifestream.Core.Uploads.UploadLimits.MaxPixelsVariable] = "0";
        env[Env.WatchdogGraceSeconds] = "never";
        var problems = Assert.Throws<ProcessorSettingsException>(() => ProcessorSettingsParser.Parse(env)).Problems;
        Assert.Contains(problems, p => p.StartsWith(Lifestream.Core.Uploads.UploadLimits.MaxPixelsVariable, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Env.WatchdogGraceSeconds, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../job")]
    [InlineData("job/1")]
    [InlineData("-job")]
    public void Unsafe_job_ids_are_refused_and_not_offered_for_the_failure_write(string jobId)
    {
        var env = ValidEnvironment();
        env[Env.JobId] = jobId;

        var ex = Assert.Throws<ProcessorSettingsException>(() => ProcessorSettingsParser.Parse(env));

        Assert.StartsWith(Env.JobId, Assert.Single(ex.Problems), StringComparison.Ordinal);
        Assert.Null(ex.JobId);
    }

    [Fact]
    public void Pipeline_settings_are_checked_for_shape_and_existing_files()
    {
        var env = ValidEnvironment();
        env[Env.AsrEngine] = "Whisper Large!";
        env[Env.WhisperModelPath] = "/no/such/model.bin";
        env[Env.WhisperModelSha256] = "abc";
        env[Env.VadModelPath] = "/no/such/vad.onnx";

        var ex = Assert.Throws<ProcessorSettingsException>(() => ProcessorSettingsParser.Parse(env));

        Assert.Equal(4, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.AsrEngine, StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.WhisperModelPath, StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.WhisperModelSha256, StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith(Env.VadModelPath, StringComparison.Ordinal));
    }

    [Fact]
    public void Pipeline_settings_pass_through_when_valid()
    {
        var model = Path.GetTempFileName();
        try
        {
            var env = ValidEnvironment();
            env[Env.AsrEngine] = "pocketsphinx";
            env[Env.VadModelPath] = model;
            env[Env.WhisperModelSha256] = new string('A', 64);

            var pipeline = ProcessorSettingsParser.Parse(env).Pipeline;

            Assert.Equal("pocketsphinx", pipeline.AsrEngine);
            Assert.Equal(model, pipeline.VadModelPath);
            Assert.Equal(new string('a', 64), pipeline.WhisperModelSha256);
        }
        finally
        {
            File.Delete(model);
        }
    }

    [Fact]
    public void Lease_renewal_defaults_to_a_third_of_the_dispatcher_lease()
    {
        var env = ValidEnvironment();
        env[Lifestream.Core.Dispatching.DispatcherEnvironmentVariables.ClaimLeaseSeconds] = "300";

        Assert.Equal(TimeSpan.FromSeconds(100), ProcessorSettingsParser.Parse(env).LeaseRenewInterval);
    }

    [Fact]
    public void Lease_renewal_not_shorter_than_the_lease_is_a_problem()
    {
        var env = ValidEnvironment();
        env[Lifestream.Core.Dispatching.DispatcherEnvironmentVariables.ClaimLeaseSeconds] = "30";
        env[Env.LeaseRenewSeconds] = "30";

        var ex = Assert.Throws<ProcessorSettingsException>(() => ProcessorSettingsParser.Parse(env));

        Assert.StartsWith(Env.LeaseRenewSeconds + " (30) must be shorter", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData("TRUE", true)]
    [InlineData("0", false)]
    public void Streaming_intake_is_on_unless_switched_off(string? value, bool expected)
    {
        var env = ValidEnvironment();
        env[Env.StreamingIntake] = value;

        Assert.Equal(expected, ProcessorSettingsParser.Parse(env).StreamingIntake);
    }

    [Fact]
    public void Streaming_intake_with_another_value_is_a_problem()
    {
        var env = ValidEnvironment();
        env[Env.StreamingIntake] = "maybe";

        var ex = Assert.Throws<ProcessorSettingsException>(() => ProcessorSettingsParser.Parse(env));
        Assert.StartsWith(Env.StreamingIntake, Assert.Single(ex.Problems), StringComparison.Ordinal);
    }
}
