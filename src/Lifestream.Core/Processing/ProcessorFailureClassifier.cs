using Lifestream.Core.Pipeline;
using Lifestream.Core.Retries;
using Lifestream.Core.Storage;
using Lifestream.Core.Uploads;

namespace Lifestream.Core.Processing;

/// <summary>
/// Names the <see cref="FailureCause"/> of an exception that ended a processor attempt: the processor's own
/// exceptions here, the pipeline's through the <see cref="IFailureClassifier"/> its host passes (cancellations are
/// classified by the finaliser from the token that fired). Whether a cause is retried is <see cref="RetryPolicy"/>'s call.
/// </summary>
public sealed class ProcessorFailureClassifier(IFailureClassifier? pipeline = null)
{
    public FailureCause Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Known(exception) ?? FailureCause.ProcessingError;
    }

    private FailureCause? Known(Exception exception) => exception switch
    {
        ObjectNotFoundException => FailureCause.ObjectMissing,
        SourceObjectChangedException => FailureCause.SourceChanged,
        InsufficientDiskSpaceException => FailureCause.OverLimits,
        UploadLimitExceededException => FailureCause.OverLimits,
        JobStateConflictException => FailureCause.JobNotRunnable,
        _ => pipeline?.Classify(exception) ?? (exception is PipelineException { InnerException: { } inner } ? Known(inner) : null),
    };
}
