using System.Text.Json.Nodes;
using Lifestream.Core.Jobs;
using Lifestream.Core.Processing;
using Lifestream.Tests.Integration.Infrastructure;
using Xunit.Abstractions;

namespace Lifestream.Tests.Integration.Processing;

/// <summary>
/// Streaming intake through the real processor host against the emulators: the pipeline reads the presigned
/// URL (fauxqs serves it, see S3PresignedReadTests) while the SDK download runs, and writes the same results
/// as the download-first path.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class ProcessorHostStreamingIntakeTests(LocalAwsFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private ProcessorHostScenario scenario = null!;

    public async Task InitializeAsync() => scenario = await ProcessorHostScenario.CreateAsync(fixture.Stack);

    public Task DisposeAsync()
    {
        scenario.Dispose();
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Streaming_on_and_off_write_the_same_summary_and_transcript()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var streamed = await scenario.SubmitAsync(FixturePath("interview-20s"), "interview 20s.mp4");
        var classic = await scenario.SubmitAsync(FixturePath("interview-20s"), "interview 20s.mp4");

        var (streamedExit, streamedLog) = await RunHostAsync(scenario.EnvironmentFor(streamed), streaming: true);
        var (classicExit, _) = await RunHostAsync(scenario.EnvironmentFor(classic), streaming: false);

        Assert.Equal(0, streamedExit);
        Assert.Equal(0, classicExit);
        Assert.Equal(await SummaryWithoutRunFieldsAsync(classic), await SummaryWithoutRunFieldsAsync(streamed));
        Assert.Equal(
            await scenario.ReadTextAsync($"results/{classic.JobId}/transcript.vtt"),
            await scenario.ReadTextAsync($"results/{streamed.JobId}/transcript.vtt"));
        Assert.Contains("verify", (await scenario.JobAsync(streamed.JobId)).StageTimings.Keys);
        Assert.DoesNotContain("verify", (await scenario.JobAsync(classic.JobId)).StageTimings.Keys);
        Assert.DoesNotContain("X-Amz-Signature", streamedLog, StringComparison.Ordinal);
        Assert.True(scenario.WorkDirIsEmpty());
    }

    [SkippableFact]
    public async Task A_download_that_breaks_while_the_url_is_read_fails_the_job_at_download()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        // Only the SDK's download breaks; ffmpeg (user agent Lavf) reads the presigned URL through the same proxy intact.
        await using var proxy = new StallingS3Proxy(scenario.S3Endpoint, request => request.UserAgent?.Contains("aws-sdk", StringComparison.OrdinalIgnoreCase) == true);
        var submission = await scenario.SubmitAsync(FixturePath("interview-20s"), "broken.mp4");

        var (exit, log) = await RunHostAsync(scenario.EnvironmentFor(submission, s3Endpoint: proxy.Endpoint), streaming: true);

        Assert.Equal(1, exit);
        var job = await scenario.JobAsync(submission.JobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        var report = await scenario.FailureReportAsync(submission.JobId);
        Assert.Equal("download", report.Stage);
        Assert.DoesNotContain("X-Amz-Signature", report.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("X-Amz-Signature", log, StringComparison.Ordinal);
        Assert.True(scenario.WorkDirIsEmpty());
    }

    private static string FixturePath(string name) =>
        Path.Combine(Lifestream.LocalAws.Terraform.RepositoryPaths.FindRepositoryRoot(), "fixtures", name, name + ".mp4");

    /// <summary>summary.json without what differs per run by design: timings, job id, source key and ETag.</summary>
    private async Task<string> SummaryWithoutRunFieldsAsync(Submission submission)
    {
        var json = JsonNode.Parse(await scenario.ReadTextAsync($"results/{submission.JobId}/summary.json"))!.AsObject();
        json.Remove("timings");
        json.Remove("jobId");
        json.Remove("source");
        return json.ToJsonString();
    }

    private async Task<(int ExitCode, string Log)> RunHostAsync(Dictionary<string, string> environment, bool streaming)
    {
        environment[ProcessorEnvironmentVariables.StreamingIntake] = streaming ? "true" : "false";
        using var host = ProcessorHostProcess.Start(environment);
        var exit = await host.WaitForExitAsync();
        output.WriteLine(host.Output);
        return (exit, host.Output);
    }
}
