using Lifestream.Core.Jobs;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Events;
using Lifestream.LocalAws.Submission;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Integration.LocalFlow;

/// <summary>
/// The local AWS flow up to the launch: upload → S3 event (relayed) or confirm message → queue worker →
/// dispatcher → local "task" (a shell that only records its environment). The processor itself is covered
/// by the end-to-end tests.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class LocalDeploymentDispatchTests(LocalAwsFixture fixture)
{
    private static readonly string Video = Path.Combine(TestFixtures.Fixture("interview-20s"), "interview-20s.mp4");

    [Fact]
    public async Task An_s3_event_launches_one_task_and_a_duplicate_event_launches_none()
    {
        await using var deployment = await StartAsync();

        var submission = await deployment.Submitter.SubmitAsync(Video, "dup check.mp4", SubmissionMode.S3Event, CancellationToken.None);
        var job = await WaitForStatusAsync(deployment, submission.Key, JobStatus.Dispatched);
        await new S3EventRelay(deployment.S3, deployment.Sqs, "us-east-1")
            .PublishObjectCreatedAsync(deployment.Resources.VideosBucket, submission.Key, "ObjectCreated:Put", CancellationToken.None);
        await WaitUntilQueueDrainedAsync(deployment);

        Assert.Equal("uploads/dup check.mp4", job.S3Key);
        Assert.Equal(1, job.Attempts);
        Assert.StartsWith($"local:{job.JobId}:1:", job.TaskArn, StringComparison.Ordinal);
        Assert.Single(deployment.Launcher!.Launched);
        Assert.Single(await deployment.Jobs.FindByS3KeyAsync(submission.Key, CancellationToken.None));
    }

    [Fact]
    public async Task An_upload_confirm_message_reuses_the_queued_job()
    {
        await using var deployment = await StartAsync();

        var submission = await deployment.Submitter.SubmitAsync(Video, "confirmed.mp4", SubmissionMode.UploadConfirm, CancellationToken.None);
        var job = await WaitForStatusAsync(deployment, submission.Key, JobStatus.Dispatched);

        Assert.Equal(submission.JobId, job.JobId);
        Assert.NotNull(job.ETag);
        Assert.Equal(job.JobId, Assert.Single(deployment.Launcher!.Launched).JobId);
    }

    private async Task<LocalDeployment> StartAsync() =>
        await LocalDeployment.StartAsync(
            new LocalDeploymentOptions
            {
                EnvName = EnvironmentNames.NewUnique(),
                ProcessorCommand = ["/bin/sh", "-c", "echo started $JOB_ID"],
                Worker = new Lifestream.LocalAws.Events.SqsQueueWorkerOptions { LongPoll = TimeSpan.FromSeconds(1) },
            },
            NullLoggerFactory.Instance,
            CancellationToken.None,
            fixture.Stack);

    private static async Task<JobRecord> WaitForStatusAsync(LocalDeployment deployment, string key, JobStatus status)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<JobRecord> jobs = [];
        while (DateTime.UtcNow < until)
        {
            jobs = await deployment.Jobs.FindByS3KeyAsync(key, CancellationToken.None);
            if (jobs.Count > 0 && jobs[0].Status == status)
            {
                return jobs[0];
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No job for {key} reached {status} within 60 s; saw [{string.Join(", ", jobs.Select(j => j.Status))}].");
    }

    private static async Task WaitUntilQueueDrainedAsync(LocalDeployment deployment)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            var attrs = await deployment.Sqs.GetQueueAttributesAsync(deployment.Resources.UploadsQueue.Url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            if (attrs.ApproximateNumberOfMessages == 0 && attrs.ApproximateNumberOfMessagesNotVisible == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The uploads queue did not drain within 30 s.");
    }
}
