using Lifestream.Core.Dispatching;
using Lifestream.Core.Idempotency;

namespace Lifestream.Tests.Unit.Core.Dispatching;

public class ProcessorLaunchFactoryTests
{
    private static readonly DispatcherOptions Options = new()
    {
        JobsTableName = "jobs-t",
        IdempotencyTableName = "idem-t",
        TaskTimeout = TimeSpan.FromMinutes(45),
        ProcessorWorkDir = "/scratch",
        ExtraProcessorEnvironment = new Dictionary<string, string> { ["LIFESTREAM_ASR_ENGINE"] = "pocketsphinx" },
    };

    [Fact]
    public void Environment_carries_the_processor_contract()
    {
        var launch = new ProcessorLaunchFactory(Options, new IdempotencyOptions { LeaseDuration = TimeSpan.FromMinutes(20) })
            .Create("job-7", "media", "uploads/a b.mp4", "etag9", 2);

        Assert.Equal("job-7", launch.Environment["JOB_ID"]);
        Assert.Equal("media", launch.Environment["S3_BUCKET"]);
        Assert.Equal("uploads/a b.mp4", launch.Environment["S3_KEY"]);
        Assert.Equal("etag9", launch.Environment["S3_ETAG"]);
        Assert.Equal("2", launch.Environment["CLAIM_ATTEMPT"]);
        Assert.Equal("/scratch", launch.Environment["WORK_DIR"]);
        Assert.Equal("jobs-t", launch.Environment["JOBS_TABLE_NAME"]);
        Assert.Equal("idem-t", launch.Environment["IDEMPOTENCY_TABLE_NAME"]);
        Assert.Equal("2700", launch.Environment["TASK_TIMEOUT_SECONDS"]);
        Assert.Equal("1200", launch.Environment["CLAIM_LEASE_SECONDS"]);
        Assert.Equal("pocketsphinx", launch.Environment["LIFESTREAM_ASR_ENGINE"]);
        Assert.Equal(2, launch.Attempt);
    }

    [Fact]
    public void Client_token_is_stable_per_attempt_and_changes_with_key_etag_or_attempt()
    {
        var key = new IdempotencyKey("uploads/a.mp4", "e1");
        var token = ProcessorLaunchFactory.ClientToken(key, 1);

        Assert.Equal(token, ProcessorLaunchFactory.ClientToken(key, 1));
        Assert.Equal(64, token.Length);
        Assert.All(token, c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)));
        Assert.NotEqual(token, ProcessorLaunchFactory.ClientToken(key, 2));
        Assert.NotEqual(token, ProcessorLaunchFactory.ClientToken(key with { ETag = "e2" }, 1));
        Assert.NotEqual(token, ProcessorLaunchFactory.ClientToken(key with { S3Key = "uploads/b.mp4" }, 1));
    }
}
