using Lifestream.Core.Pipeline;
using Lifestream.Core.Pipeline.Asr.Whisper;
using Lifestream.Core.Pipeline.Composition;
using Lifestream.Core.Pipeline.Media;
using Lifestream.Core.Pipeline.ModelFiles;
using Lifestream.Core.Pipeline.Summarization;
using Lifestream.Core.Retries;
using Lifestream.Core.Storage;

namespace Lifestream.Core.Processing;

/// <summary>
/// Names the <see cref="FailureCause"/> of an exception that ended a processor attempt (cancellations are classified
/// by the finaliser from which token fired). Whether the cause is retried is <see cref="RetryPolicy"/>'s decision.
/// </summary>
public static class ProcessorFailureClassifier
{
    public static FailureCause Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ObjectNotFoundException => FailureCause.ObjectMissing,
            SourceObjectChangedException => FailureCause.SourceChanged,
            InsufficientDiskSpaceException or TokenBudgetExceededException => FailureCause.OverLimits,
            MediaUnreadableException or MediaNotFoundException => FailureCause.UnreadableMedia,
            ModelFileException or PipelineConfigurationException or MediaToolMissingException or WhisperModelLoadFailedException
                => FailureCause.InvalidConfiguration,
            JobStateConflictException => FailureCause.JobNotRunnable,
            PipelineException { InnerException: { } inner } when Classify(inner) is not FailureCause.ProcessingError and var cause => cause,
            _ => FailureCause.ProcessingError,
        };
    }
}
