using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;

namespace Lifestream.Tests.Unit.Core.Dispatching;

public class DispatcherEnvironmentTests
{
    [Fact]
    public void Valid_environment_is_read_with_defaults()
    {
        var env = new Dictionary<string, string> { ["JOBS_TABLE_NAME"] = "jobs", ["IDEMPOTENCY_TABLE_NAME"] = "idem", ["MAX_ATTEMPTS"] = "5", ["VIDEOS_BUCKET"] = "media", ["LIFESTREAM_MAX_DURATION_SECONDS"] = "60" };
        var reader = new EnvironmentReader(name => env.GetValueOrDefault(name));

        var settings = DispatcherEnvironment.Read(reader);

        reader.ThrowIfInvalid(problems => new DispatcherConfigurationException(problems));
        Assert.Equal("jobs", settings.Dispatcher.JobsTableName);
        Assert.Equal("idem", settings.Dispatcher.IdempotencyTableName);
        Assert.Equal(5, settings.Idempotency.MaxAttempts);
        Assert.Equal("media", settings.Dispatcher.VideosBucket);
        Assert.Equal(60, settings.Dispatcher.Limits.MaxDurationSeconds);
        Assert.Equal(TimeSpan.FromSeconds(DispatcherEnvironment.DefaultLeaseSeconds), settings.Idempotency.LeaseDuration);
        Assert.Equal(TimeSpan.FromDays(DispatcherEnvironment.DefaultTtlDays), settings.Idempotency.RecordTimeToLive);
    }

    [Fact]
    public void Every_problem_is_listed_in_one_error()
    {
        var env = new Dictionary<string, string> { ["MAX_ATTEMPTS"] = "zero", ["CLAIM_LEASE_SECONDS"] = "-3", ["TASK_TIMEOUT_SECONDS"] = "0" };
        var reader = new EnvironmentReader(name => env.GetValueOrDefault(name));

        DispatcherEnvironment.Read(reader);
        var ex = Assert.Throws<DispatcherConfigurationException>(() => reader.ThrowIfInvalid(problems => new DispatcherConfigurationException(problems)));

        Assert.Equal(6, ex.Problems.Count);
        foreach (var name in new[] { "JOBS_TABLE_NAME", "IDEMPOTENCY_TABLE_NAME", "VIDEOS_BUCKET", "MAX_ATTEMPTS", "CLAIM_LEASE_SECONDS", "TASK_TIMEOUT_SECONDS" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }
}
