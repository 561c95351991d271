using System.Diagnostics;
using System.Text;
using Lifestream.Tests.Unit.Dispatcher.Lambda;

namespace Lifestream.Benchmarks.Commands.LambdaStartup;

/// <summary>One measured cold start: elapsed milliseconds, or why the run does not count.</summary>
/// <param name="JitMethods">Methods the host JIT-compiled up to its first answer (its own cold-start log line), if logged.</param>
public sealed record HostStartSample(double? Milliseconds, string? Failure, long? JitMethods = null);

/// <summary>
/// Starts a fresh <c>bootstrap</c> against a fake Runtime API (the unit tests' loopback server) holding one
/// event, and times process start → the host's response POST arriving at the fake.
/// </summary>
public static partial class HostStartMeasurement
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<HostStartSample> MeasureAsync(BootstrapBuild build, IStartupScenario scenario, int run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(scenario);
        var payload = await scenario.NextEventAsync(run, cancellationToken);
        await using var runtimeApi = new FakeRuntimeApi();
        var requestId = $"startup-{run}";
        runtimeApi.Enqueue(requestId, payload, DateTimeOffset.UtcNow.AddMinutes(1));

        var start = new ProcessStartInfo(build.Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in scenario.Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi.Address;
        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {build.Executable}");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var post = await runtimeApi.FirstPost.Task.WaitAsync(Patience, cancellationToken);
            stopwatch.Stop();
            var failure = post.PathAndQuery.EndsWith($"/invocation/{requestId}/response", StringComparison.Ordinal)
                ? scenario.Check(post.BodyText)
                : $"the host posted to {post.PathAndQuery}: {post.BodyText}";
            return new HostStartSample(stopwatch.Elapsed.TotalMilliseconds, failure, await ColdStartJitMethodsAsync(output, cancellationToken));
        }
        catch (TimeoutException)
        {
            return new HostStartSample(null, $"no response within {Patience.TotalSeconds:0} s (exited: {process.HasExited}); output: {Tail(output)}");
        }
        finally
        {
            // The host now long-polls for the next event (as in Lambda); the measurement is over.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>The host logs its JIT count right after answering; waits briefly for that line (untimed).</summary>
    private static async Task<long?> ColdStartJitMethodsAsync(StringBuilder output, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            var match = JitMethodsPattern().Match(text);
            if (match.Success)
            {
                return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            await Task.Delay(25, cancellationToken);
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"JitMethods\":\\s*\"?(\\d+)")]
    private static partial System.Text.RegularExpressions.Regex JitMethodsPattern();

    internal static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    internal static string Tail(StringBuilder output)
    {
        lock (output)
        {
            var text = output.ToString();
            return text.Length <= 2000 ? text : text[^2000..];
        }
    }
}
