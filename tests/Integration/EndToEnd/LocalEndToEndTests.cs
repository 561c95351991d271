using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Json.Schema;
using Lifestream.Core.Jobs;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Submission;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Integration.EndToEnd;

/// <summary>
/// The whole AWS flow on the emulators with the real processor host as child processes:
/// upload → S3 event / confirm message → queue worker → dispatcher → processor → results in S3.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class LocalEndToEndTests(LocalAwsFixture fixture) : IAsyncLifetime
{
    private static readonly string Meeting = Path.Combine(TestFixtures.Fixture("meeting-60s"), "meeting-60s.mp4");
    private static readonly string Interview = Path.Combine(TestFixtures.Fixture("interview-20s"), "interview-20s.mp4");
    // Own registry: the schema's $id may be registered by other tests in this process already.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(TestFixtures.Root, "docs", "schema", "summary.schema.json")),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private readonly string workDir = Path.Combine(Path.GetTempPath(), $"lifestream-e2e-{Guid.NewGuid():N}");
    private readonly string scratch = Directory.CreateTempSubdirectory("lifestream-e2e-input-").FullName;
    private LocalDeployment? deployment;

    public async Task InitializeAsync()
    {
        var processor = LocalDeploymentOptions.ProcessorNextToApp() ?? throw new InvalidOperationException("Lifestream.Processor.Ecs.dll is not next to the tests.");
        deployment = await LocalDeployment.StartAsync(
            new LocalDeploymentOptions
            {
                EnvName = EnvironmentNames.NewUnique(),
                ProcessorCommand = processor,
                ProcessorWorkDir = workDir,
                TaskTimeout = TimeSpan.FromMinutes(5),
                Worker = new Lifestream.LocalAws.Events.SqsQueueWorkerOptions { LongPoll = TimeSpan.FromSeconds(1) },
            },
            NullLoggerFactory.Instance,
            CancellationToken.None,
            fixture.Stack);
    }

    public async Task DisposeAsync()
    {
        if (deployment is not null)
        {
            await deployment.DisposeAsync();
        }

        Directory.Delete(scratch, recursive: true);
        if (Directory.Exists(workDir))
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    [Fact]
    public async Task Uploads_become_results_duplicates_run_once_reuploads_run_again_and_corrupt_input_fails_cleanly()
    {
        var d = deployment!;
        var changed = Path.Combine(scratch, "changed.mp4");
        File.Copy(Interview, changed);
        var corrupt = Path.Combine(scratch, "corrupt.mp4");
        await File.WriteAllBytesAsync(corrupt, [.. File.ReadAllBytes(Meeting).Take(4096)]);

        var meeting = await d.Submitter.SubmitAsync(Meeting, "meeting.mp4", SubmissionMode.S3Event, CancellationToken.None);
        var interview = await d.Submitter.SubmitAsync(Interview, "interview.mov", SubmissionMode.UploadConfirm, CancellationToken.None);
        var bad = await d.Submitter.SubmitAsync(corrupt, "corrupt.mp4", SubmissionMode.S3Event, CancellationToken.None);

        var meetingJob = await WaitForTerminalAsync(d, meeting.Key);
        var interviewJob = await WaitForTerminalAsync(d, interview.Key);
        var badJob = await WaitForTerminalAsync(d, bad.Key);

        // The same upload again (same key and content → same ETag): acknowledged, nothing runs.
        var duplicate = await d.Submitter.SubmitAsync(Meeting, "meeting.mp4", SubmissionMode.S3Event, CancellationToken.None);
        await WaitForQueueToDrainAsync(d);

        // A re-upload with changed content (new ETag) runs again as a new job.
        await File.AppendAllTextAsync(changed, "trailing bytes change the ETag");
        var reupload = await d.Submitter.SubmitAsync(changed, "interview.mov", SubmissionMode.S3Event, CancellationToken.None);
        var reuploadJobs = await WaitForJobsAsync(d, reupload.Key, count: 2);

        Assert.Equal(JobStatus.Succeeded, meetingJob.Status);
        Assert.Equal(JobStatus.Succeeded, interviewJob.Status);
        Assert.Equal(interview.JobId, interviewJob.JobId);
        await AssertDocumentsAsync(d, meetingJob);
        await AssertMeetingSummaryNamesItsTopicsAsync(d, meetingJob);
        await AssertDocumentsAsync(d, interviewJob);

        Assert.Equal(JobStatus.Failed, badJob.Status);
        Assert.False(string.IsNullOrWhiteSpace(badJob.Error));
        var report = await ReadJsonAsync(d, $"results/{badJob.JobId}/failure_report.json");
        Assert.NotNull(report);

        Assert.Single(await d.Jobs.FindByS3KeyAsync(duplicate.Key, CancellationToken.None));
        Assert.Equal(2, reuploadJobs.Count);
        Assert.All(reuploadJobs, j => Assert.Equal(JobStatus.Succeeded, j.Status));
        Assert.NotEqual(reuploadJobs[0].ETag, reuploadJobs[1].ETag);

        Assert.Equal(4, d.Launcher!.Launched.Count);

        // A task writes its terminal status, then releases its engines and exits: give that a bounded moment.
        using (var exitBudget = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            foreach (var task in d.Launcher.Launched)
            {
                try
                {
                    await task.Process.WaitForExitAsync(exitBudget.Token);
                }
                catch (OperationCanceledException)
                {
                    // Reported by the assertion below.
                }
            }
        }

        Assert.All(d.Launcher.Launched, t => Assert.True(t.Process.HasExited, $"{t.TaskArn} still running 30 s after its job ended"));
        Assert.Empty(Directory.Exists(workDir) ? Directory.EnumerateFileSystemEntries(workDir) : []);
    }

    private static async Task AssertDocumentsAsync(LocalDeployment d, JobRecord job)
    {
        foreach (var name in new[] { "summary.json", "summary.md", "transcript.vtt", "transcript.srt", "diarization.rttm" })
        {
            Assert.Contains($"results/{job.JobId}/{name}", job.ResultKeys);
        }

        var summary = await ReadJsonAsync(d, $"results/{job.JobId}/summary.json");
        var evaluation = Schema.Value.Evaluate(JsonDocument.Parse(summary!.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(evaluation.IsValid, "summary.json does not match docs/schema/summary.schema.json");
    }

    /// <summary>
    /// The sample meeting has one topic per shot and two commitments (fixtures/README.md). Through the offline
    /// engines the reader must find them: each chapter names its shot's topic, the overview names the main ones,
    /// and the action items hold both commitments.
    /// </summary>
    private static async Task AssertMeetingSummaryNamesItsTopicsAsync(LocalDeployment d, JobRecord job)
    {
        var summary = (await ReadJsonAsync(d, $"results/{job.JobId}/summary.json"))!;
        var chapters = summary["chapters"]!.AsArray()
            .Select(c => $"{c!["title"]!.GetValue<string>()} | {c["summary"]!.GetValue<string>()}".ToLowerInvariant())
            .ToList();
        // The action-items shot is named by its second commitment: its first ("the cost report") is the phrase the
        // offline engine hears least reliably ("cost free card" with some speech-region boundaries).
        string[] topics = ["video service", "upload pipeline", "cost", "scaling limits", "demo video", "monday"];
        Assert.Equal(topics.Length, chapters.Count);
        Assert.All(topics.Zip(chapters), p => Assert.True(p.Second.Contains(p.First, StringComparison.Ordinal), $"chapter '{p.Second}' does not name '{p.First}'"));

        var overview = summary["summary"]!["overview"]!.GetValue<string>().ToLowerInvariant();
        string[] mainTopics = ["upload", "cost", "demo"];
        Assert.All(mainTopics, topic => Assert.True(overview.Contains(topic, StringComparison.Ordinal), $"overview '{overview}' does not name '{topic}'"));

        var actions = summary["actionItems"]!.AsArray().Select(a => a!["text"]!.GetValue<string>().ToLowerInvariant()).ToList();
        Assert.Contains(actions, a => a.Contains("by friday", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.Contains("scaling limits", StringComparison.Ordinal));
    }

    private static async Task<JsonNode?> ReadJsonAsync(LocalDeployment d, string key)
    {
        using var response = await d.S3.GetObjectAsync(new GetObjectRequest { BucketName = d.Resources.VideosBucket.Name, Key = key });
        return await JsonNode.ParseAsync(response.ResponseStream);
    }

    private static async Task<JobRecord> WaitForTerminalAsync(LocalDeployment d, string key) => (await WaitForJobsAsync(d, key, count: 1))[0];

    private static async Task<IReadOnlyList<JobRecord>> WaitForJobsAsync(LocalDeployment d, string key, int count)
    {
        var until = DateTime.UtcNow.AddMinutes(4);
        IReadOnlyList<JobRecord> jobs = [];
        while (DateTime.UtcNow < until)
        {
            jobs = await d.Jobs.FindByS3KeyAsync(key, CancellationToken.None);
            if (jobs.Count >= count && jobs.All(j => j.Status.IsTerminal()))
            {
                return jobs;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{key}: expected {count} terminal job(s) within 4 minutes; saw [{string.Join(", ", jobs.Select(j => $"{j.JobId}={j.Status.ToWire()}/{j.CurrentStage}/{j.Error}"))}].");
    }

    private static async Task WaitForQueueToDrainAsync(LocalDeployment d)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            var attrs = await d.Sqs.GetQueueAttributesAsync(d.Resources.UploadsQueue.Url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            if (attrs.ApproximateNumberOfMessages == 0 && attrs.ApproximateNumberOfMessagesNotVisible == 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The uploads queue did not drain within 60 s.");
    }
}
