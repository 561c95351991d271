using System.Collections.Concurrent;
using System.Threading.Channels;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Processing;

/// <summary>
/// Collects stage progress (lifecycle stages and pipeline stages) and writes the current stage and the
/// timings so far to the job record in the background (<see cref="JobTransitions.Progress"/>: only while this
/// attempt runs the job, so progress never revives a terminal job) and never blocks the pipeline: only the latest
/// snapshot is kept while a write is in flight.
/// </summary>
public sealed class JobProgressRecorder : IProgress<StageProgress>
{
    private readonly IJobStore jobs;
    private readonly string jobId;
    private readonly int attempt;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, double> timings = new(StringComparer.Ordinal);
    private readonly Channel<(string Stage, IReadOnlyDictionary<string, double> Timings)> pending = Channel.CreateBounded<(string Stage, IReadOnlyDictionary<string, double> Timings)>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Task pump;
    private volatile string currentStage;

    public JobProgressRecorder(IJobStore jobs, string jobId, int attempt, string initialStage, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        this.jobs = jobs;
        this.jobId = jobId;
        this.attempt = attempt;
        this.time = time;
        this.logger = logger;
        currentStage = initialStage;
        pump = Task.Run(() => PumpAsync(cancellationToken), CancellationToken.None);
    }

    /// <summary>The stage that started last (the one to blame in a failure report).</summary>
    public string CurrentStage => currentStage;

    /// <summary>Completed stages and their wall time in seconds, ordered by name.</summary>
    public IReadOnlyDictionary<string, double> Timings => new SortedDictionary<string, double>(timings, StringComparer.Ordinal);

    public void Report(StageProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.State)
        {
            case StageState.Started:
                currentStage = value.Stage;
                break;
            case StageState.Completed:
            case StageState.Failed:
                timings[value.Stage] = Math.Round(value.Elapsed.TotalSeconds, 3);
                break;
        }

        pending.Writer.TryWrite((currentStage, Timings));
    }

    /// <summary>Merges timings the pipeline measured itself (they win over progress-derived ones).</summary>
    public void MergeTimings(IReadOnlyDictionary<string, double> stageTimings)
    {
        ArgumentNullException.ThrowIfNull(stageTimings);
        foreach (var (stage, seconds) in stageTimings)
        {
            timings[stage] = Math.Round(seconds, 3);
        }
    }

    /// <summary>Stops accepting updates and waits for the in-flight write.</summary>
    public async Task StopAsync()
    {
        pending.Writer.TryComplete();
        await pump;
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in pending.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    var written = await jobs.TryRecordProgressAsync(jobId, attempt, update.Stage, update.Timings, cancellationToken);
                    if (!written.Applied)
                    {
                        logger.LogWarning("Progress for job {JobId} not recorded: {Refusal}.", jobId, written.Refusal);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Progress is advisory; the terminal write carries the final timings.
                    logger.LogWarning("Recording progress for job {JobId} failed: {Error}", jobId, SecretRedactor.Redact(ex.Message));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run was cancelled; the terminal bookkeeping writes the final state.
        }
    }
}
