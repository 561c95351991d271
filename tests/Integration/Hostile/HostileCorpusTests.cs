using System.Diagnostics;
using Lifestream.Core.Jobs;
using Lifestream.Core.Processing;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Integration.Infrastructure;
using Lifestream.Tests.Integration.Processing;
using Xunit.Abstractions;

namespace Lifestream.Tests.Integration.Hostile;

/// <summary>
/// Every case of the hostile corpus (fixtures/hostile) through <c>lifestream process</c> and through the processor
/// host against the local AWS emulators (streaming intake on, so the presigned-URL path is exercised too): a terminal
/// state with a reason, or a valid result; no crash; no connection to the loopback canary; nothing left in the work
/// directory.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class HostileCorpusTests(LocalAwsFixture fixture, ITestOutputHelper output)
{
    /// <summary>Exit codes a run may end with; anything else (a signal, an unhandled exception's abort) is a crash.</summary>
    private static readonly int[] ProcessorExitCodes =
        [(int)ProcessorExitCode.Success, (int)ProcessorExitCode.Failed, (int)ProcessorExitCode.Rejected];

    [SkippableFact]
    public async Task Every_case_through_lifestream_process_ends_with_a_result_or_a_reason_and_touches_nothing_else()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var cases = await HostileCorpus.CasesAsync();
        Assert.True(cases.Count >= 25, $"the corpus has {cases.Count} cases");
        using var canary = new Canary();
        var inputs = Directory.CreateTempSubdirectory("lifestream-hostile-in-");
        var temp = Directory.CreateTempSubdirectory("lifestream-hostile-tmp-");
        var problems = new List<string>();
        try
        {
            foreach (var hostile in cases)
            {
                var file = await HostileCorpus.MaterializeAsync(hostile, inputs.FullName, canary.Url);
                var outDir = Path.Combine(inputs.FullName, "out-" + hostile.File);
                var started = Stopwatch.GetTimestamp();
                var (exit, stdout, stderr) = await RunCliAsync(["process", file, "--out", outDir, "--quiet"], temp.FullName);
                var summary = File.Exists(Path.Combine(outDir, "summary.json"));
                var line = $"{hostile.File}: exit {exit}, {(summary ? "result" : "no result")} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: {Last(stderr.Length > 0 ? stderr : stdout)}";
                output.WriteLine(line);
                problems.AddRange(CheckCli(hostile, exit, summary, stderr).Select(p => $"{line} -> {p}"));
                if (Directory.EnumerateFileSystemEntries(temp.FullName).Any())
                {
                    problems.Add($"{hostile.File}: left {string.Join(", ", Directory.EnumerateFileSystemEntries(temp.FullName))} in the temp directory");
                }
            }
        }
        finally
        {
            inputs.Delete(recursive: true);
            temp.Delete(recursive: true);
        }

        Assert.Equal(0, canary.Connections);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [SkippableFact]
    public async Task Every_case_through_the_processor_host_ends_terminal_with_a_reason_and_touches_nothing_else()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var cases = await HostileCorpus.CasesAsync();
        using var canary = new Canary();
        using var scenario = await ProcessorHostScenario.CreateAsync(fixture.Stack);
        var problems = new List<string>();
        foreach (var hostile in cases)
        {
            var file = await HostileCorpus.MaterializeAsync(hostile, scenario.TempDir, canary.Url);
            var submission = await scenario.SubmitAsync(file, hostile.File);
            var started = Stopwatch.GetTimestamp();
            using var host = ProcessorHostProcess.Start(scenario.EnvironmentFor(submission, taskTimeoutSeconds: 120));
            var exit = await host.WaitForExitAsync();
            var job = await scenario.JobAsync(submission.JobId);
            var line = $"{hostile.File}: exit {exit}, job {job.Status.ToWire()} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: {job.Error}";
            output.WriteLine(line);
            problems.AddRange(CheckJob(hostile, exit, job).Select(p => $"{line} -> {p}"));
            if (!scenario.WorkDirIsEmpty())
            {
                problems.Add($"{hostile.File}: WORK_DIR is not empty");
            }

            if (problems.Count > 0 && exit is not 0 and not 1 and not 4)
            {
                output.WriteLine(host.Output);
            }
        }

        Assert.Equal(0, canary.Connections);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static IEnumerable<string> CheckCli(HostileCase hostile, int exit, bool summary, string stderr)
    {
        if (exit >= 128 || exit < 0)
        {
            yield return "the CLI crashed";
        }

        if (exit == 0 != summary)
        {
            yield return "exit code and result disagree";
        }

        if (exit != 0 && stderr.Trim().Length == 0)
        {
            yield return "failed without a reason";
        }

        switch (hostile.Expected)
        {
            case "succeeded" when exit != 0:
                yield return "expected a valid result";
                break;
            case "rejected" when !stderr.Contains("exceeds the limit", StringComparison.Ordinal):
                yield return "expected a limit rejection";
                break;
            case "refused" when exit == 0:
                yield return "expected a refusal, got a result";
                break;
        }
    }

    private static IEnumerable<string> CheckJob(HostileCase hostile, int exit, JobRecord job)
    {
        if (!ProcessorExitCodes.Contains(exit))
        {
            yield return "the host crashed or exited with an unexpected code";
        }

        if (!job.Status.IsTerminal())
        {
            yield return "the job is not terminal";
        }

        if (job.Status != JobStatus.Succeeded && string.IsNullOrWhiteSpace(job.Error))
        {
            yield return "the job ended without a reason";
        }

        switch (hostile.Expected)
        {
            case "succeeded" when job.Status != JobStatus.Succeeded:
                yield return "expected a valid result";
                break;
            case "rejected" when job.Status != JobStatus.Rejected || job.Error?.Contains("exceeds the limit", StringComparison.Ordinal) != true:
                yield return "expected the job rejected by a limit";
                break;
            case "refused" when job.Status == JobStatus.Succeeded:
                yield return "expected a refusal, got a result";
                break;
        }
    }

    private static string Last(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;

    /// <summary>The CLI next to the tests, in the repository root (its default model paths), with a private TMPDIR.</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> RunCliAsync(IReadOnlyList<string> arguments, string tempDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.FindRepositoryRoot(),
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lifestream.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TMPDIR"] = tempDirectory;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout, "timed out after 3 minutes: " + await stderr);
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
