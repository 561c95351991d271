namespace Lifestream.Core.Jobs;

/// <summary>Applies a <see cref="JobUpdate"/> to a record (null fields stay unchanged); shared by in-memory stores and tests.</summary>
public static class JobUpdateExtensions
{
    public static JobRecord ApplyTo(this JobUpdate update, JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(job);
        return job with
        {
            Status = update.Status ?? job.Status,
            ETag = update.ETag ?? job.ETag,
            CurrentStage = update.CurrentStage ?? job.CurrentStage,
            Attempts = update.Attempts ?? job.Attempts,
            TaskArn = update.TaskArn ?? job.TaskArn,
            Error = update.Error ?? job.Error,
            ResultKeys = update.ResultKeys ?? job.ResultKeys,
            StageTimings = update.StageTimings ?? job.StageTimings,
            UpdatedAt = update.UpdatedAt,
        };
    }
}
