using System.CommandLine;
using System.Globalization;
using Lifestream.Evaluation;
using Lifestream.Pipeline.Composition;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Scenes;
using Lifestream.Pipeline.Speech;
using Lifestream.Pipeline.Vad;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Cli.Commands;

/// <summary>`lifestream eval speech|scenes <fixtures-dir>`, `lifestream eval diarization <corpus-dir>`: quality against ground truth.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var eval = new Command("eval", "Measure quality against ground truth (fixtures/ folders with manifest.json).");
        eval.Subcommands.Add(Speech());
        eval.Subcommands.Add(Scenes());
        eval.Subcommands.Add(Diarization());
        return eval;
    }

    private static Command Diarization()
    {
        var dir = new Argument<DirectoryInfo>("corpus") { Description = "Folder with one audio file per file id (<id>.wav) and, by default, the reference .rttm and the .uem, e.g. ../shared/data/ami-dev." };
        var rttm = new Option<FileInfo?>("--rttm") { Description = "Reference RTTM (default: the only *.rttm in the folder)." };
        var uem = new Option<FileInfo?>("--uem") { Description = "Scored regions (default: the only *.uem in the folder; none: the reference span)." };
        var collar = new Option<double>("--collar") { Description = "No-score collar in seconds around reference boundaries, as md-eval's -c.", DefaultValueFactory = _ => DiarizationErrorRate.DefaultCollarSeconds };
        var hypothesisOut = new Option<FileInfo?>("--hyp-out") { Description = "Write the hypotheses as one RTTM (for md-eval.pl -s)." };
        var oracleSpeech = new Option<bool>("--oracle-speech") { Description = "Diarize the reference speech regions instead of the VAD's." };
        var oracleCount = new Option<bool>("--oracle-count") { Description = "Give the diarizer the reference speaker count." };
        var vadThreshold = new Option<float?>(DiarizationEvaluationSettings.VadThresholdOption) { Description = "Silero speech-probability threshold for this run (VadOptions.Threshold; its hysteresis follows it), to measure far-field settings." };
        var minSilhouette = new Option<double?>(DiarizationEvaluationSettings.MinSilhouetteOption) { Description = "DiarizationOptions.MinSilhouetteForSeveralSpeakers for this run (weakest separation still reported as several speakers)." };
        var minSpeakerShare = new Option<double?>(DiarizationEvaluationSettings.MinSpeakerShareOption) { Description = "DiarizationOptions.MinSpeakerShare for this run (smallest share of the windows that counts as a speaker)." };
        var command = new Command("diarization", "DER (missed, false alarm, confusion) per file and overall of VAD + diarization on an RTTM/UEM corpus, speaker count estimated.") { dir, rttm, uem, collar, hypothesisOut, oracleSpeech, oracleCount, vadThreshold, minSilhouette, minSpeakerShare };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = PipelineConfiguration.FromEnvironment(Environment.GetEnvironmentVariable);
            DiarizationCorpus corpus;
            try
            {
                corpus = await DiarizationCorpus.LoadAsync(parse.GetValue(dir)!.FullName, parse.GetValue(rttm)?.FullName, parse.GetValue(uem)?.FullName, cancellationToken);
            }
            catch (IOException ex)
            {
                throw new CliException(ex.Message);
            }

            var options = new DiarizationEvaluationOptions
            {
                CollarSeconds = parse.GetValue(collar),
                OracleSpeech = parse.GetValue(oracleSpeech),
                OracleSpeakerCount = parse.GetValue(oracleCount),
            };
            if (options.CollarSeconds < 0)
            {
                throw new CliException($"--collar must not be negative; got {options.CollarSeconds}.");
            }

            var (vadOptions, diarization) = DiarizationEvaluationSettings.Apply(configuration.Speech, parse.GetValue(vadThreshold), parse.GetValue(minSilhouette), parse.GetValue(minSpeakerShare));
            using var vad = new SileroVoiceActivityDetector(vadOptions);
            var evaluator = new DiarizationEvaluator(
                new FfmpegAudioExtractor(configuration.Speech.Media),
                vad,
                count => SpeechAnalyzerFactory.CreateDiarizer(diarization with { NumSpeakers = count ?? diarization.NumSpeakers }));
            var work = Directory.CreateTempSubdirectory("lifestream-eval-");
            try
            {
                var report = await evaluator.EvaluateAsync(corpus, options, work.FullName, cancellationToken);
                Console.Write(report.ToTable());
                if (parse.GetValue(hypothesisOut) is { } output)
                {
                    await File.WriteAllTextAsync(output.FullName, report.ToRttm(), cancellationToken);
                    Console.WriteLine($"Wrote {output.FullName}");
                }

                return 0;
            }
            finally
            {
                work.Delete(recursive: true);
            }
        });
        return command;
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
