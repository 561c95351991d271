using System.CommandLine;
using Amazon.S3.Model;
using Lifestream.Cli.Local;

namespace Lifestream.Cli.Commands;

/// <summary>`lifestream results <job-id> [--out dir]`: downloads every document under results/&lt;job_id&gt;/.</summary>
public static class ResultsCommand
{
    public static Command Create()
    {
        var jobId = new Argument<string>("job-id") { Description = "The job id printed by submit." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write the documents.", DefaultValueFactory = _ => new DirectoryInfo("results") };
        var command = new Command("results", "Download a job's documents (summary.json, summary.md, transcripts, keyframes, failure report).") { jobId, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var deployment = await LocalConnection.OpenAsync(cancellationToken);
            var id = parse.GetValue(jobId)!;
            var bucket = deployment.Resources.VideosBucket.Name;
            var prefix = $"results/{id}/";
            var target = Path.Combine(parse.GetValue(output)!.FullName, id);
            var count = 0;
            string? token = null;
            do
            {
                var page = await deployment.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken);
                foreach (var item in page.S3Objects ?? [])
                {
                    var relative = item.Key[prefix.Length..];
                    var path = Path.GetFullPath(Path.Combine(target, relative));
                    if (!path.StartsWith(Path.GetFullPath(target) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        throw new CliException($"Refusing to write {item.Key} outside {target}.");
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using var response = await deployment.S3.GetObjectAsync(bucket, item.Key, cancellationToken);
                    await response.WriteResponseStreamToFileAsync(path, false, cancellationToken);
                    Console.WriteLine(path);
                    count++;
                }

                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (token is not null);

            if (count == 0)
            {
                throw new CliException($"No documents under s3://{bucket}/{prefix} (see: lifestream status {id}).");
            }

            return 0;
        });
        return command;
    }
}
