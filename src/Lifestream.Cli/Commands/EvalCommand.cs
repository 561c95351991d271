using System.CommandLine;
using System.Globalization;
using Lifestream.Pipeline.Composition;
using Lifestream.Evaluation;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Scenes;
using Lifestream.Pipeline.Speech;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Cli.Commands;

/// <summary>`lifestream eval speech|scenes <fixtures-dir>`: quality against the fixtures' ground truth.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var eval = new Command("eval", "Measure quality against ground truth (fixtures/ folders with manifest.json).");
        eval.Subcommands.Add(Speech());
        eval.Subcommands.Add(Scenes());
        return eval;
    }

    private static Command Speech()
    {
        var dir = new Argument<DirectoryInfo>("fixtures") { Description = "Folder of fixture folders (each with manifest.json), e.g. fixtures/." };
        var corpus = new Option<DirectoryInfo?>("--corpus") { Description = "Also score a read-speech corpus (e.g. Debian's pocketsphinx-testdata folder)." };
        var command = new Command("speech", "WER (per voice) and DER (0.25 s collar, speaker count not given) with per-stage real-time factors.") { dir, corpus };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = PipelineConfiguration.FromEnvironment(Environment.GetEnvironmentVariable);
            var analyzer = await SpeechAnalyzerFactory.CreateAsync(configuration.Speech, NullLogger.Instance, cancellationToken);
            var evaluator = new SpeechEvaluator(analyzer, new FfprobeMediaProber(configuration.Speech.Media));
            var work = Directory.CreateTempSubdirectory("lifestream-eval-");
            try
            {
                var report = await evaluator.EvaluateAsync(parse.GetValue(dir)!.FullName, parse.GetValue(corpus)?.FullName, work.FullName, cancellationToken);
                Console.Write(report.ToTable());
                return 0;
            }
            finally
            {
                work.Delete(recursive: true);
            }
        });
        return command;
    }

    private static Command Scenes()
    {
        var dir = new Argument<DirectoryInfo>("fixtures") { Description = "Folder of fixture folders (each with <name>.mp4 and <name>.cuts.csv)." };
        var command = new Command("scenes", "Scene-cut precision, recall and F1 (±1 frame) against the cut lists.") { dir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var evaluation = new SceneDetectionEvaluation();
            Console.WriteLine("fixture          cuts  TP  FP  FN  precision  recall  F1");
            foreach (var folder in parse.GetValue(dir)!.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                var video = Path.Combine(folder.FullName, folder.Name + ".mp4");
                var cuts = Path.Combine(folder.FullName, folder.Name + ".cuts.csv");
                if (!File.Exists(video) || !File.Exists(cuts))
                {
                    continue;
                }

                var r = await evaluation.EvaluateAsync(video, cuts, 1, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{folder.Name,-16} {r.TruePositives + r.FalseNegatives,4}  {r.TruePositives,2}  {r.FalsePositives,2}  {r.FalseNegatives,2}  {r.Precision,9:0.000}  {r.Recall,6:0.000}  {r.F1:0.000}"));
            }

            return 0;
        });
        return command;
    }
}
