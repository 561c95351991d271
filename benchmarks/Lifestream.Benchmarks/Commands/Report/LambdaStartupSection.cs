using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Lifestream.Benchmarks.Commands.Report;

/// <summary>The "Lambda host start-up" section of docs/benchmarks.md, from lambda-start.json.</summary>
public static class LambdaStartupSection
{
    public static void Append(StringBuilder md, JsonNode result)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(result);
        var target = result["target_ms"]!.GetValue<int>();
        md.AppendLine("## Lambda host start-up: `Lifestream.Benchmarks lambda-start`");
        md.AppendLine();
        md.AppendLine(Invariant($"Issue #3 target: ≤ {target} ms from host process start to the first handled event. Measured: {result["measured"]}; {result["runs_per_build"]} runs per build after one untimed warm-up start, builds alternating run by run. p90 is nearest-rank (a measured run). Ratio: the build's median / framework-dependent median, same run."));
        md.AppendLine();
        md.AppendLine("| scenario | build | median ms | p90 ms | min ms | max ms | ratio | ≤ target (median) | failed runs |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var scenario in result["scenarios"]!.AsArray())
        {
            var baseline = true;
            foreach (var build in scenario!["builds"]!.AsArray())
            {
                var median = build!["median_ms"]?.GetValue<double>();
                var ratio = baseline ? "1.00 (baseline)" : (build["ratio_to_baseline"] ?? scenario["ratio_median"]) is { } r ? Invariant($"{r.GetValue<double>():0.00}") : "-";
                var met = median is { } m ? (m <= target ? "yes" : "no") : "-";
                md.AppendLine(Invariant($"| {scenario["name"]} | {build["name"]} | {Number(median)} | {Number(build["p90_ms"]?.GetValue<double>())} | {Number(build["min_ms"]?.GetValue<double>())} | {Number(build["max_ms"]?.GetValue<double>())} | {ratio} | {met} | {build["failures"]!.AsArray().Count} |"));
                baseline = false;
            }
        }

        md.AppendLine();
        foreach (var scenario in result["scenarios"]!.AsArray())
        {
            md.AppendLine($"- `{scenario!["name"]}`: {scenario["description"]}.");
        }

        foreach (var build in result["scenarios"]!.AsArray()[0]!["builds"]!.AsArray())
        {
            md.AppendLine($"- `{build!["name"]}`: {build["description"]}.");
        }

        md.AppendLine();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
