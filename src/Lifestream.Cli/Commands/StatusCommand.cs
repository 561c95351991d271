using System.CommandLine;
using System.Globalization;
using Lifestream.Cli.Local;
using Lifestream.Core.Jobs;

namespace Lifestream.Cli.Commands;

/// <summary>`lifestream status <job-id> [--follow]`.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var jobId = new Argument<string>("job-id") { Description = "The job id printed by submit." };
        var follow = new Option<bool>("--follow") { Description = "Keep printing changes until the job ends." };
        var command = new Command("status", "Show a job: status, stage, attempts, timings.") { jobId, follow };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var deployment = await LocalConnection.OpenAsync(cancellationToken);
            var id = parse.GetValue(jobId)!;
            string? last = null;
            while (true)
            {
                var job = await deployment.Jobs.GetAsync(id, cancellationToken) ?? throw new CliException($"No job '{id}'.");
                var text = Describe(job);
                if (text != last)
                {
                    Console.WriteLine(text);
                    last = text;
                }

                if (!parse.GetValue(follow) || job.Status.IsTerminal())
                {
                    return job.Status is JobStatus.Succeeded or JobStatus.Queued or JobStatus.Dispatched or JobStatus.Running ? 0 : 3;
                }

                await Task.Delay(500, cancellationToken);
            }
        });
        return command;
    }

    public static string Describe(JobRecord job)
    {
        var lines = new List<string>
        {
            $"{job.JobId}  {job.Status.ToWire()}{(job.CurrentStage is null ? string.Empty : $" ({job.CurrentStage})")}  attempts {job.Attempts}  updated {job.UpdatedAt:u}",
            $"  source s3://{job.S3Bucket}/{job.S3Key}{(job.ETag is null ? string.Empty : $" etag {job.ETag}")}",
        };
        if (job.TaskArn is not null)
        {
            lines.Add($"  task   {job.TaskArn}");
        }

        if (job.StageTimings.Count > 0)
        {
            lines.Add("  stages " + string.Join(", ", job.StageTimings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:0.00}s"))));
        }

        if (job.Error is not null)
        {
            lines.Add($"  error  {job.Error}");
        }

        if (job.ResultKeys.Count > 0)
        {
            lines.Add($"  results {string.Join(", ", job.ResultKeys)}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
