using System.Diagnostics;
using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Orchestration;

/// <summary>Reports Started/Completed/Failed, records wall time, wraps failures with the stage name.</summary>
internal sealed class StageTracker(IProgress<StageProgress>? progress, Dictionary<string, double> timings)
{
    private readonly Lock gate = new();

    public async Task<T> RunAsync<T>(string stage, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        progress?.Report(new StageProgress(stage, StageState.Started, TimeSpan.Zero));
        try
        {
            var result = await action();
            var elapsed = Stopwatch.GetElapsedTime(started);
            lock (gate)
            {
                timings[stage] = elapsed.TotalSeconds;
            }

            progress?.Report(new StageProgress(stage, StageState.Completed, elapsed));
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress?.Report(new StageProgress(stage, StageState.Failed, Stopwatch.GetElapsedTime(started), "cancelled"));
            throw;
        }
        catch (PipelineException ex)
        {
            progress?.Report(new StageProgress(stage, StageState.Failed, Stopwatch.GetElapsedTime(started), ex.Message));
            throw;
        }
        catch (Exception ex)
        {
            progress?.Report(new StageProgress(stage, StageState.Failed, Stopwatch.GetElapsedTime(started), ex.Message));
            throw new PipelineException(stage, $"Stage '{stage}' failed: {ex.Message}", ex);
        }
    }

    /// <summary>Copies a branch's own sub-stage timings (asr, scenes, …) into the run's.</summary>
    public void Merge(IReadOnlyDictionary<string, double> stage)
    {
        lock (gate)
        {
            foreach (var (name, seconds) in stage)
            {
                timings[name] = seconds;
            }
        }
    }
}
