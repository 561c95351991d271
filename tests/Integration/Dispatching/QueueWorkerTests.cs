using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.LocalAws.Events;
using Lifestream.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Integration.Dispatching;

/// <summary>
/// The local queue worker over the Terraform-defined queue (redrive to the DLQ after maxReceiveCount) on the SQS
/// emulator, dispatching through the real stores. Each test gets a fresh environment so the queues are empty.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class QueueWorkerTests(LocalAwsFixture fixture)
{
    private static readonly IdempotencyOptions Policy = new() { LeaseDuration = TimeSpan.FromMinutes(15), MaxAttempts = 5 };

    private static SqsQueueWorker Worker(DispatchingResources resources, RecordingTaskLauncher launcher, IdempotencyOptions? policy = null) => new(
        resources.Sqs,
        resources.Resources.UploadsQueue.Url,
        resources.Dispatcher(policy ?? Policy, TimeProvider.System, launcher).DispatchBatchAsync,
        new SqsQueueWorkerOptions { LongPoll = TimeSpan.FromSeconds(1), RetryDelay = TimeSpan.Zero },
        NullLogger.Instance);

    [Fact]
    public async Task Launch_failure_leaves_the_message_on_the_queue_and_the_redelivery_launches_and_deletes_it()
    {
        var resources = await DispatchingResources.FreshAsync(fixture);
        var launcher = new RecordingTaskLauncher();
        launcher.FailNext(1);
        var worker = Worker(resources, launcher);
        var key = $"uploads/{Guid.NewGuid():N}.mp4";
        await resources.PutObjectAsync(key, "video");
        await resources.Sqs.SendMessageAsync(resources.Resources.UploadsQueue.Url, resources.S3EventBody(key));

        Assert.Equal(1, await PollUntilReceivedAsync(worker));
        Assert.Empty(launcher.Launches);
        Assert.Equal(1, await PollUntilReceivedAsync(worker));

        Assert.Single(launcher.Launches);
        Assert.Equal(0, await MessagesOnQueueAsync(resources.Sqs, resources.Resources.UploadsQueue.Url));
        Assert.Equal(0, await MessagesOnQueueAsync(resources.Sqs, resources.Resources.UploadsDeadLetterQueue.Url));
    }

    [Fact]
    public async Task Launch_failing_every_time_ends_the_job_on_the_last_attempt_before_the_dlq_could_take_the_message()
    {
        var resources = await DispatchingResources.FreshAsync(fixture);
        var launcher = new RecordingTaskLauncher();
        launcher.FailNext(int.MaxValue);
        var maxReceiveCount = await MaxReceiveCountAsync(resources);

        // As Terraform validates it: the queue redrives only after more receives than there are attempts.
        var policy = Policy with { MaxAttempts = maxReceiveCount - 1 };
        var worker = Worker(resources, launcher, policy);
        var key = $"uploads/{Guid.NewGuid():N}.mp4";
        await resources.PutObjectAsync(key, "video");
        await resources.Sqs.SendMessageAsync(resources.Resources.UploadsQueue.Url, resources.S3EventBody(key));

        var receives = 0;
        for (var poll = 0; poll < maxReceiveCount + 5; poll++)
        {
            receives += await worker.RunOnceAsync(default);
        }

        Assert.Equal(policy.MaxAttempts, receives);
        Assert.Equal(policy.MaxAttempts, launcher.Calls);
        Assert.Equal(0, await MessagesOnQueueAsync(resources.Sqs, resources.Resources.UploadsQueue.Url));
        var dead = await resources.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = resources.Resources.UploadsDeadLetterQueue.Url, WaitTimeSeconds = 1 });
        Assert.Empty(dead.Messages ?? []);
        var job = Assert.Single(await resources.JobStore().FindByS3KeyAsync(key, default));
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains($"gave up after {policy.MaxAttempts} attempt(s)", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_and_ignored_messages_are_deleted_at_once_never_looping()
    {
        var resources = await DispatchingResources.FreshAsync(fixture);
        var launcher = new RecordingTaskLauncher();
        var worker = Worker(resources, launcher);
        var url = resources.Resources.UploadsQueue.Url;
        await resources.Sqs.SendMessageAsync(url, "{this is not json");
        await resources.Sqs.SendMessageAsync(url, """{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"b"}""");
        await resources.Sqs.SendMessageAsync(url, resources.S3EventBody("uploads/readme.txt"));

        var received = 0;
        for (var poll = 0; poll < 5 && received < 3; poll++)
        {
            received += await worker.RunOnceAsync(default);
        }

        Assert.Equal(3, received);
        Assert.Equal(0, await worker.RunOnceAsync(default));
        Assert.Equal(0, await MessagesOnQueueAsync(resources.Sqs, url));
        Assert.Equal(0, await MessagesOnQueueAsync(resources.Sqs, resources.Resources.UploadsDeadLetterQueue.Url));
        Assert.Equal(0, launcher.Calls);
    }

    [Fact]
    public async Task A_slow_dispatch_keeps_its_message_invisible_past_the_queue_visibility_timeout()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var url = (await resources.Sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = LocalAwsFixture.UniqueName("slow"),
            // Generous against a loaded 2-core CI machine: 5 s to get the first heartbeat in.
            Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "5" },
        })).QueueUrl;
        await resources.Sqs.SendMessageAsync(url, "{\"Event\":\"s3:TestEvent\"}");
        using var dispatching = new CancellationTokenSource();
        var seenByOthers = 0;
        var worker = new SqsQueueWorker(
            resources.Sqs,
            url,
            async (messages, token) =>
            {
                // Another consumer polls for twice the visibility timeout while this batch is "slow".
                var until = DateTime.UtcNow.AddSeconds(10);
                while (DateTime.UtcNow < until)
                {
                    var other = await resources.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1 }, CancellationToken.None);
                    seenByOthers += other.Messages?.Count ?? 0;
                }

                return new Lifestream.Core.Dispatching.BatchDispatchResult(
                    [.. messages.Select(m => new Lifestream.Core.Dispatching.MessageDispatchResult(m.MessageId, []))]);
            },
            new SqsQueueWorkerOptions { LongPoll = TimeSpan.FromSeconds(1), HeartbeatInterval = TimeSpan.FromMilliseconds(250), VisibilityExtension = TimeSpan.FromSeconds(15), BatchTimeout = TimeSpan.FromSeconds(30) },
            NullLogger.Instance);

        Assert.Equal(1, await PollUntilReceivedAsync(worker));

        Assert.Equal(0, seenByOthers);
        Assert.Equal(0, await MessagesOnQueueAsync(resources.Sqs, url));
    }

    private static async Task<int> PollUntilReceivedAsync(SqsQueueWorker worker)
    {
        for (var poll = 0; poll < 10; poll++)
        {
            var received = await worker.RunOnceAsync(default);
            if (received > 0)
            {
                return received;
            }
        }

        return 0;
    }

    private static async Task<int> MessagesOnQueueAsync(IAmazonSQS sqs, string url)
    {
        var attributes = await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return int.Parse(attributes.Attributes["ApproximateNumberOfMessages"], CultureInfo.InvariantCulture)
            + int.Parse(attributes.Attributes["ApproximateNumberOfMessagesNotVisible"], CultureInfo.InvariantCulture);
    }

    private static async Task<int> MaxReceiveCountAsync(DispatchingResources resources)
    {
        var attributes = await resources.Sqs.GetQueueAttributesAsync(resources.Resources.UploadsQueue.Url, ["RedrivePolicy"]);
        var policy = System.Text.Json.JsonDocument.Parse(attributes.Attributes["RedrivePolicy"]).RootElement.GetProperty("maxReceiveCount");
        return policy.ValueKind == System.Text.Json.JsonValueKind.String ? int.Parse(policy.GetString()!, CultureInfo.InvariantCulture) : policy.GetInt32();
    }
}
