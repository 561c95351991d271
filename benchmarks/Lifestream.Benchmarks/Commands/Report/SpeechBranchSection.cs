using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Lifestream.Benchmarks.Commands.Report;

/// <summary>The "offline speech branch" section of docs/benchmarks.md, from speech.json.</summary>
public static class SpeechBranchSection
{
    private const double TargetRtf = 0.12;
    private const double TargetPeakMb = 500;

    public static void Append(StringBuilder md, JsonNode result)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(result);
        md.AppendLine("## Offline speech branch: `Lifestream.Benchmarks speech`");
        md.AppendLine();
        md.AppendLine(Invariant($"Extraction (to a PCM file in the work directory), Silero VAD, pocketsphinx on the VAD regions (decoder pool, both cores), MFCC diarization with the speaker count estimated, attribution; each input in a fresh child process. Issue #5 targets: RTF ≤ {TargetRtf} on 2 cores, peak ≤ {TargetPeakMb} MB for a 20-minute input. Peak main = the .NET process's VmHWM (exact); tree = sampled with ffmpeg."));
        md.AppendLine();
        md.AppendLine("| input | media s | wall s | RTF | peak RSS main MB | peak RSS tree MB | audio s | vad s | asr s | diarization s |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in result["runs"]!.AsArray())
        {
            if (run!["exit_code"]!.GetValue<int>() != 0)
            {
                md.AppendLine($"| {run["name"]} | failed: {run["error"]} | | | | | | | | |");
                continue;
            }

            var stages = run["stages"]!;
            md.AppendLine(Invariant(
                $"| {run["name"]} | {run["media_seconds"]!.GetValue<double>():0} | {run["wall_seconds"]!.GetValue<double>():0.0} | {run["rtf"]!.GetValue<double>():0.000} | {Mb(run["peak_rss_main_bytes"])} | {Mb(run["peak_rss_tree_bytes"])} | {Stage(stages, "audio")} | {Stage(stages, "vad")} | {Stage(stages, "asr")} | {Stage(stages, "diarization")} |"));
        }

        md.AppendLine();
    }

    private static string Mb(JsonNode? bytes) => bytes is null ? "-" : (bytes.GetValue<long>() / 1048576.0).ToString("0", CultureInfo.InvariantCulture);

    private static string Stage(JsonNode stages, string name) => stages[name] is { } s ? s.GetValue<double>().ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
