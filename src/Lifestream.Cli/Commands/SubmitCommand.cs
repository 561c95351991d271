using System.CommandLine;
using Lifestream.Cli.Local;
using Lifestream.LocalAws.Submission;

namespace Lifestream.Cli.Commands;

/// <summary>`lifestream submit <video>`: upload to uploads/ and notify the queue, as a user of the system would.</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var video = new Argument<FileInfo>("video") { Description = "The .mp4 or .mov file to upload." };
        var key = new Option<string?>("--key") { Description = "Object name under uploads/ (default: the file name)." };
        var via = new Option<string>("--via")
        {
            Description = "How the queue learns about the upload: s3-event (the S3 notification AWS sends) or confirm (the upload API's message).",
            DefaultValueFactory = _ => "s3-event",
        };
        via.AcceptOnlyFromAmong("s3-event", "confirm");
        var command = new Command("submit", "Upload a video to the local stack and queue it; prints the job id.") { video, key, via };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(video)!;
            if (!file.Exists)
            {
                throw new CliException($"Video '{file.FullName}' does not exist.");
            }

            var mode = parse.GetValue(via) == "confirm" ? SubmissionMode.UploadConfirm : SubmissionMode.S3Event;
            await using var deployment = await LocalConnection.OpenAsync(cancellationToken);
            var submission = await deployment.Submitter.SubmitAsync(file.FullName, parse.GetValue(key), mode, cancellationToken);
            var jobId = submission.JobId ?? await WaitForJobIdAsync(deployment, submission.Key, cancellationToken);
            Console.WriteLine($"Uploaded s3://{submission.Bucket}/{submission.Key}");
            Console.WriteLine(jobId);
            return 0;
        });
        return command;
    }

    /// <summary>For S3 events the dispatcher creates the job: wait until it exists (newest job for the key).</summary>
    private static async Task<string> WaitForJobIdAsync(Lifestream.LocalAws.Deployment.LocalDeployment deployment, string key, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            var jobs = await deployment.Jobs.FindByS3KeyAsync(key, cancellationToken);
            var job = jobs.FirstOrDefault(j => j.UpdatedAt >= started);
            if (job is not null)
            {
                return job.JobId;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new CliException($"No job appeared for {key} within 60 s: is the stack's queue worker running (lifestream local up)?");
    }
}
