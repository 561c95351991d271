using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Lifestream.Benchmarks.Commands.Report;

/// <summary>The upload API sections of docs/benchmarks.md, from api-start.json and api-load.json.</summary>
public static class ApiSection
{
    public static void AppendStart(StringBuilder md, JsonNode result)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(result);
        md.AppendLine("## Upload API cold start: `Lifestream.Benchmarks api-start`");
        md.AppendLine();
        md.AppendLine(Invariant($"Process start → first 200 of `GET /healthz` (the Lambda Web Adapter's readiness check) → first 200 of `GET /api/v1/jobs/{{id}}` (DynamoDB Local behind it), {result["runs_per_build"]} alternating runs per build. Why this host and build: docs/api.md."));
        md.AppendLine();
        md.AppendLine("| build | package MB | ready median ms | first request median ms | p90 ms | ratio to Release |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var build in result["builds"]!.AsArray())
        {
            md.AppendLine(Invariant($"| {build!["name"]} | {build["package_mb"]} | {build["ready_median_ms"]} | {build["first_request_median_ms"]} | {build["first_request_p90_ms"]} | {build["ratio_to_release"]} |"));
        }

        md.AppendLine();
    }

    public static void AppendLoad(StringBuilder md, JsonNode result)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(result);
        md.AppendLine("## Upload API load: `Lifestream.Benchmarks api-load`");
        md.AppendLine();
        md.AppendLine(Invariant($"{result["clients"]} concurrent clients for {result["seconds"]} s on loopback against the API on Kestrel over the emulators ({result["seeded_jobs"]} seeded jobs); every fifth request lists a page of 20. Target: status p99 ≤ {result["target_status_p99_ms"]} ms, 0 errors."));
        md.AppendLine();
        md.AppendLine(Invariant($"Saturation: no pause between a client's requests, so latency is 50 in flight divided by what the 2 cores serve. Paced: each client sends one request every {result["pace_ms"]} ms."));
        md.AppendLine();
        md.AppendLine("| run | endpoint | requests | per s | p50 ms | p90 ms | p99 ms | max ms | errors |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in new[] { "saturation", "paced" })
        {
            foreach (var name in new[] { "status", "list" })
            {
                var e = result[run]![name]!;
                md.AppendLine(Invariant($"| {run} | {name} | {e["requests"]} | {e["per_second"]} | {e["p50_ms"]} | {e["p90_ms"]} | {e["p99_ms"]} | {e["max_ms"]} | {result[run]!["errors"]} |"));
            }
        }

        md.AppendLine();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
