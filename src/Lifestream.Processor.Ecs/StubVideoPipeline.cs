using System.Globalization;
using System.Text;
using System.Text.Json;
using Lifestream.Core.Pipeline;

namespace Lifestream.Processor.Ecs;

/// <summary>
/// A fast stand-in for the real pipeline, for fault-injection soaks only: selected explicitly with
/// <c>LIFESTREAM_PIPELINE=stub</c>, never by default. It walks three named stages with a fixed delay each (so a
/// kill lands in a stage), writes a small summary.json that says it is a stub, and appends its own start and stop
/// records (JSON lines) to <c>LIFESTREAM_STUB_RUN_LOG</c>: the soak reads them to find overlapping runs.
/// </summary>
public sealed class StubVideoPipeline : IVideoPipeline
{
    public const string SelectVariable = "LIFESTREAM_PIPELINE";
    public const string SelectValue = "stub";
    public const string StageDelayVariable = "LIFESTREAM_STUB_STAGE_MS";
    public const string RunLogVariable = "LIFESTREAM_STUB_RUN_LOG";
    private const int LockAttempts = 400;
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(5);

    public static IReadOnlyList<string> Stages { get; } = ["probe", "asr", "summary"];

    private readonly TimeSpan stageDelay;
    private readonly string? runLog;
    private readonly string attempt;

    public StubVideoPipeline(TimeSpan stageDelay, string? runLog, string attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stageDelay, TimeSpan.Zero);
        this.stageDelay = stageDelay;
        this.runLog = runLog;
        this.attempt = attempt;
    }

    /// <summary>The stub when the environment asks for it explicitly; null otherwise.</summary>
    public static StubVideoPipeline? FromEnvironment(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!string.Equals(read(SelectVariable), SelectValue, StringComparison.Ordinal))
        {
            return null;
        }

        var delay = int.TryParse(read(StageDelayVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 100;
        return new StubVideoPipeline(TimeSpan.FromMilliseconds(delay), read(RunLogVariable), read(Core.Processing.ProcessorEnvironmentVariables.ClaimAttempt) ?? "?");
    }

    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Record("start", request, outcome: null);
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            foreach (var stage in Stages)
            {
                progress?.Report(new StageProgress(stage, StageState.Started, TimeSpan.Zero));
                await Task.Delay(stageDelay, cancellationToken).ConfigureAwait(false);
                progress?.Report(new StageProgress(stage, StageState.Completed, stageDelay));
                timings[stage] = stageDelay.TotalSeconds;
            }

            Directory.CreateDirectory(request.OutputDirectory);
            var summary = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["stub"] = true,
                ["job_id"] = request.JobId,
                ["attempt"] = attempt,
                ["source"] = new Dictionary<string, string?> { ["s3_bucket"] = request.Source.S3Bucket, ["s3_key"] = request.Source.S3Key, ["etag"] = request.Source.ETag },
            });
            await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, "summary.json"), summary, cancellationToken).ConfigureAwait(false);
            Record("stop", request, "completed");
            return new PipelineResult { Documents = ["summary.json"], StageTimings = timings, Warnings = ["stub pipeline: not a real summary"] };
        }
        catch (Exception ex)
        {
            Record("stop", request, ex is OperationCanceledException ? "cancelled" : "failed");
            throw;
        }
    }

    private void Record(string kind, PipelineRequest request, string? outcome)
    {
        if (string.IsNullOrEmpty(runLog))
        {
            return;
        }

        var line = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["event"] = kind,
            ["pid"] = Environment.ProcessId,
            ["job_id"] = request.JobId,
            ["attempt"] = attempt,
            ["s3_key"] = request.Source.S3Key,
            ["etag"] = request.Source.ETag,
            ["outcome"] = outcome,
            ["at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        });

        // Concurrent processes append to one file, and .NET's append mode seeks to the end rather than opening with
        // O_APPEND, so two appends can overwrite each other: each record is written under the file's exclusive lock.
        // It starts with a newline so that a record torn by a kill -9 cannot swallow the next one.
        var bytes = Encoding.UTF8.GetBytes("\n" + line + "\n");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var stream = new FileStream(runLog, FileMode.Append, FileAccess.Write, FileShare.None);
                stream.Write(bytes);
                return;
            }
            catch (IOException) when (attempt < LockAttempts)
            {
                Thread.Sleep(LockRetryDelay);
            }
        }
    }
}
