using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Retries;
using Lifestream.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Processing;

/// <summary>The ports one processor run needs, built by the host from validated settings.</summary>
/// <param name="PipelineFailures">Names the failure causes of the pipeline's exceptions (retry decisions); null: all are processing errors.</param>
public sealed record ProcessorDependencies(IJobStore Jobs, IIdempotencyStore Claims, IObjectStore Objects, IVideoPipeline Pipeline, IFailureClassifier? PipelineFailures = null);

/// <summary>Builds the adapters (AWS in the container, emulator-backed locally). Implemented by hosts.</summary>
public interface IProcessorDependencyFactory
{
    /// <summary>Only the jobs table: used to mark the job failed when the rest of the settings are invalid.</summary>
    IJobStore CreateJobStore(string jobsTableName);

    ProcessorDependencies Create(ProcessorSettings settings);
}

/// <summary>
/// Everything the processor host does between reading the environment and exiting, kept in Core so the
/// host stays a few lines of wiring: parse settings (exit 2 with every problem), build the ports, run.
/// </summary>
public static class ProcessorApplication
{
    /// <param name="hardExit">What the <see cref="ProcessorWatchdog"/> calls when a stage outlives the deadline and its grace (default: exit the process).</param>
    public static async Task<ProcessorExitCode> RunAsync(
        IReadOnlyDictionary<string, string?> environment,
        IProcessorDependencyFactory factory,
        ILogger logger,
        TimeProvider time,
        CancellationToken stopToken,
        Action<ProcessorExitCode>? hardExit = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(logger);
        ProcessorSettings settings;
        try
        {
            settings = ProcessorSettingsParser.Parse(environment);
        }
        catch (ProcessorSettingsException ex)
        {
            logger.LogCritical("{Message}", ex.Message);
            await TryMarkJobFailedAsync(ex, factory, logger, time);
            return ProcessorExitCode.InvalidSettings;
        }

        var dependencies = factory.Create(settings);
        var runner = new ProcessorRunner(settings, dependencies.Jobs, dependencies.Claims, dependencies.Objects, dependencies.Pipeline, logger, time, failures: dependencies.PipelineFailures);
        ProcessorOutcome outcome;
        using (var watchdog = new ProcessorWatchdog(settings, dependencies.Jobs, dependencies.Claims, logger, time, hardExit ?? (code => Environment.Exit((int)code))))
        {
            watchdog.Arm();
            outcome = await runner.RunAsync(stopToken);
        }

        logger.LogInformation("Processor exiting with {ExitCode} ({Code}): {Message}", outcome.ExitCode, (int)outcome.ExitCode, outcome.Message);
        return outcome.ExitCode;
    }

    private static async Task TryMarkJobFailedAsync(ProcessorSettingsException ex, IProcessorDependencyFactory factory, ILogger logger, TimeProvider time)
    {
        if (ex.JobId is null || ex.JobsTableName is null)
        {
            logger.LogWarning("The job cannot be marked failed: {JobId} or {Table} is missing or invalid.", ProcessorEnvironmentVariables.JobId, ProcessorEnvironmentVariables.JobsTableName);
            return;
        }

        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(20), time);
        try
        {
            var jobs = factory.CreateJobStore(ex.JobsTableName);
            // Invalid settings may only fail a job nobody has started: a running job belongs to a valid task.
            var updated = await jobs.TryFailUnstartedAsync(ex.JobId, SecretRedactor.RedactAndTruncate(ex.Message), "settings", budget.Token);
            if (!updated.Applied)
            {
                logger.LogWarning("Job {JobId} was not marked failed: {Refusal}.", ex.JobId, updated.Refusal);
            }
        }
        catch (Exception error)
        {
            logger.LogError("Marking job {JobId} failed did not succeed: {Error}", ex.JobId, SecretRedactor.Redact(error.Message));
        }
    }
}
