using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Composition;
using Microsoft.Extensions.Logging;

namespace Lifestream.Cli.Commands;

/// <summary>`lifestream process <video> [--out dir]`: the whole pipeline offline, the same one the processor task runs.</summary>
public static class ProcessCommand
{
    public static Command Create()
    {
        var video = new Argument<FileInfo>("video") { Description = "The video to analyse (.mp4, .mov, anything ffmpeg reads)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where the documents go.", DefaultValueFactory = _ => new DirectoryInfo("out") };
        var timings = new Option<FileInfo?>("--timings") { Description = "Also write the per-stage wall times (seconds) as JSON to this file." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the output folder." };
        var command = new Command("process", "Analyse a video offline: speakers, transcript, scenes, chapters, action items → summary.json, summary.md, VTT, SRT, RTTM.") { video, output, timings, quiet };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(video)!;
            if (!file.Exists)
            {
                throw new CliException($"Video '{file.FullName}' does not exist.");
            }

            var outDir = parse.GetValue(output)!.FullName;
            var isQuiet = parse.GetValue(quiet);
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(isQuiet ? LogLevel.Error : LogLevel.Warning));
            PipelineConfiguration configuration;
            try
            {
                configuration = PipelineConfiguration.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (PipelineConfigurationException ex)
            {
                throw new CliException(ex.Message);
            }

            using var pipeline = await VideoPipelineFactory.CreateAsync(configuration, Environment.GetEnvironmentVariable, loggers.CreateLogger("lifestream"), cancellationToken);
            var work = Directory.CreateTempSubdirectory("lifestream-process-");
            try
            {
                var progress = new Progress<StageProgress>(p =>
                {
                    if (!isQuiet)
                    {
                        Console.WriteLine(p.State == StageState.Started
                            ? $"  {p.Stage,-12} …"
                            : string.Create(CultureInfo.InvariantCulture, $"  {p.Stage,-12} {p.State.ToString().ToLowerInvariant()} in {p.Elapsed.TotalSeconds:0.00} s{(p.Detail is null ? string.Empty : $" ({p.Detail})")}"));
                    }
                });
                var result = await pipeline.RunAsync(
                    new PipelineRequest
                    {
                        JobId = $"local-{Guid.NewGuid():N}"[..18],
                        MediaPath = file.FullName,
                        Source = new MediaSource { LocalPath = file.FullName },
                        WorkDirectory = work.FullName,
                        OutputDirectory = outDir,
                    },
                    progress,
                    cancellationToken);
                if (parse.GetValue(timings) is { } timingsFile)
                {
                    Directory.CreateDirectory(timingsFile.DirectoryName!);
                    await File.WriteAllTextAsync(timingsFile.FullName, JsonSerializer.Serialize(result.StageTimings), cancellationToken);
                }

                if (!isQuiet)
                {
                    foreach (var warning in result.Warnings)
                    {
                        Console.WriteLine($"warning: {warning}");
                    }

                    Console.WriteLine($"Wrote {result.Documents.Count} documents to {outDir}: {string.Join(", ", result.Documents.Take(8))}{(result.Documents.Count > 8 ? ", …" : string.Empty)}");
                }
                else
                {
                    Console.WriteLine(outDir);
                }

                return 0;
            }
            catch (PipelineException ex)
            {
                throw new CliException($"{ex.Stage}: {ex.Message}");
            }
            finally
            {
                work.Delete(recursive: true);
            }
        });
        return command;
    }
}
