using Lifestream.Aws.Persistence;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.LocalAws.Faults;
using Lifestream.Tests.Integration.Infrastructure;

namespace Lifestream.Tests.Integration.Dispatching;

/// <summary>
/// Conditional writes that DynamoDB Local applied but whose answer was lost (a 500 or a broken connection injected
/// after the request went through), so the SDK re-sent them and the re-send failed its condition: each store must
/// recognise its own write (write token + ALL_OLD) instead of reading "someone else owns it".
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class AmbiguousWriteTests(LocalAwsFixture fixture)
{
    private static readonly IdempotencyOptions Policy = new() { LeaseDuration = TimeSpan.FromMinutes(10), MaxAttempts = 3 };

    public static TheoryData<InjectedFault> LostAnswers => [InjectedFault.AppliedThenServerError, InjectedFault.AppliedThenConnectionLost];

    [Theory]
    [MemberData(nameof(LostAnswers))]
    public async Task Dispatcher_claim_whose_answer_was_lost_is_still_claimed(InjectedFault fault)
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var (claims, _, handler) = Faulted(resources, FaultRule.On("PutItem", fault, resources.Resources.IdempotencyTableName));
        var key = NewKey();

        var outcome = await claims.TryClaimAsync(key, "job-a", default);

        var claimed = Assert.IsType<ClaimOutcome.Claimed>(outcome);
        Assert.Equal(1, claimed.Attempt);
        Assert.Equal(fault, Assert.Single(handler.Injected).Fault);
        Assert.Equal(ClaimState.Dispatched, (await resources.ClaimStore(Policy, TimeProvider.System).GetAsync(key, default))!.State);
    }

    [Theory]
    [MemberData(nameof(LostAnswers))]
    public async Task Job_create_whose_answer_was_lost_is_reported_created(InjectedFault fault)
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var (_, jobs, handler) = Faulted(resources, FaultRule.On("PutItem", fault, resources.Resources.JobsTableName));
        var job = NewJob();

        Assert.True(await jobs.TryCreateAsync(job, default));
        Assert.Single(handler.Injected);
        Assert.False(await resources.JobStore().TryCreateAsync(job, default));
    }

    [Theory]
    [MemberData(nameof(LostAnswers))]
    public async Task Processor_start_whose_answers_were_lost_still_owns_the_claim_and_runs_the_job(InjectedFault fault)
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var key = NewKey();
        var job = NewJob();
        Assert.True(await resources.JobStore().TryCreateAsync(job, default));
        var claimed = Assert.IsType<ClaimOutcome.Claimed>(await resources.ClaimStore(Policy, TimeProvider.System).TryClaimAsync(key, job.JobId, default));
        var (claims, jobs, handler) = Faulted(
            resources,
            FaultRule.On("PutItem", fault, resources.Resources.IdempotencyTableName),
            FaultRule.On("UpdateItem", fault, resources.Resources.JobsTableName));

        Assert.True(await claims.TryMarkRunningAsync(key, job.JobId, claimed.Attempt, default));
        var started = await jobs.TryMarkRunningAsync(job.JobId, claimed.Attempt, "download", default);

        Assert.True(started.Applied, started.Refusal);
        Assert.Equal(2, handler.Injected.Count);
        Assert.Equal(ClaimState.Running, (await claims.GetAsync(key, default))!.State);
        Assert.Equal(JobStatus.Running, (await jobs.GetAsync(job.JobId, default))!.Status);
    }

    [Theory]
    [MemberData(nameof(LostAnswers))]
    public async Task Finalisation_whose_answers_were_lost_records_success_once(InjectedFault fault)
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var key = NewKey();
        var job = NewJob();
        var cleanClaims = resources.ClaimStore(Policy, TimeProvider.System);
        var cleanJobs = resources.JobStore();
        Assert.True(await cleanJobs.TryCreateAsync(job, default));
        var attempt = Assert.IsType<ClaimOutcome.Claimed>(await cleanClaims.TryClaimAsync(key, job.JobId, default)).Attempt;
        Assert.True(await cleanClaims.TryMarkRunningAsync(key, job.JobId, attempt, default));
        Assert.True((await cleanJobs.TryMarkRunningAsync(job.JobId, attempt, "download", default)).Applied);
        var (claims, jobs, handler) = Faulted(
            resources,
            FaultRule.On("UpdateItem", fault, resources.Resources.JobsTableName),
            FaultRule.On("PutItem", fault, resources.Resources.IdempotencyTableName));

        var succeeded = await jobs.TryMarkSucceededAsync(job.JobId, attempt, [$"results/{job.JobId}/summary.json"], new Dictionary<string, double>(), "finalize", default);
        var processed = await claims.TryMarkProcessedAsync(key, job.JobId, attempt, $"results/{job.JobId}/summary.json", default);

        Assert.True(succeeded.Applied, succeeded.Refusal);
        Assert.True(processed);
        Assert.Equal(2, handler.Injected.Count);
        var stored = (await cleanJobs.GetAsync(job.JobId, default))!;
        Assert.Equal(JobStatus.Succeeded, stored.Status);
        Assert.Equal(3, stored.Version);
        Assert.IsType<ClaimOutcome.AlreadyProcessed>(await cleanClaims.TryClaimAsync(key, job.JobId, default));
    }

    [Fact]
    public async Task Throttled_writes_are_retried_by_the_sdk_and_apply_once()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var (claims, jobs, handler) = Faulted(
            resources,
            FaultRule.On("PutItem", InjectedFault.Throttled, resources.Resources.IdempotencyTableName, times: 2),
            FaultRule.On("PutItem", InjectedFault.Throttled, resources.Resources.JobsTableName, times: 2));
        var job = NewJob();

        Assert.True(await jobs.TryCreateAsync(job, default));
        Assert.IsType<ClaimOutcome.Claimed>(await claims.TryClaimAsync(NewKey(), job.JobId, default));
        Assert.Equal(4, handler.Injected.Count);
    }

    private static (DynamoDbIdempotencyStore Claims, DynamoDbJobStore Jobs, FaultInjectingHandler Handler) Faulted(DispatchingResources resources, params FaultRule[] rules)
    {
        var factory = new FaultInjectingHttpClientFactory(new ScriptedFaultPlan(rules));
        var dynamoDb = resources.Clients.WithHttpClientFactory(factory).CreateDynamoDb();
        return (
            new DynamoDbIdempotencyStore(dynamoDb, resources.Resources.IdempotencyTableName, Policy, TimeProvider.System),
            new DynamoDbJobStore(dynamoDb, resources.Resources.JobsTableName),
            factory.Handler);
    }

    private static IdempotencyKey NewKey() => new($"uploads/{Guid.NewGuid():N}.mp4", Guid.NewGuid().ToString("N"));

    private static JobRecord NewJob()
    {
        var now = DateTimeOffset.UtcNow;
        return new JobRecord { JobId = Guid.NewGuid().ToString("N"), S3Bucket = "b", S3Key = $"uploads/{Guid.NewGuid():N}.mp4", Status = JobStatus.Queued, CreatedAt = now, UpdatedAt = now };
    }
}
