using Lifestream.Core.Pipeline;
using Lifestream.Core.Processing;
using Lifestream.Core.Retries;
using Lifestream.Core.Storage;
using Lifestream.Pipeline;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.ModelFiles;

namespace Lifestream.Tests.Unit.Core.Retries;

/// <summary>Which cause an exception that ended an attempt is (the processor's own and, through its port, the pipeline's).</summary>
public sealed class FailureClassificationTests
{
    private readonly ProcessorFailureClassifier classifier = new(new PipelineFailureClassifier());

    [Fact]
    public void Processor_exceptions_name_their_cause()
    {
        Assert.Equal(FailureCause.ObjectMissing, classifier.Classify(new ObjectNotFoundException("b", "k")));
        Assert.Equal(FailureCause.SourceChanged, classifier.Classify(new SourceObjectChangedException("changed")));
        Assert.Equal(FailureCause.OverLimits, classifier.Classify(new InsufficientDiskSpaceException(10, 1)));
        Assert.Equal(FailureCause.JobNotRunnable, classifier.Classify(new JobStateConflictException("terminal")));
    }

    [Fact]
    public void Pipeline_exceptions_are_classified_by_the_pipeline_also_when_wrapped()
    {
        Assert.Equal(FailureCause.UnreadableMedia, classifier.Classify(new MediaUnreadableException("probe", "/w/in.mp4", "corrupt")));
        Assert.Equal(FailureCause.InvalidConfiguration, classifier.Classify(new ModelFileMissingException("WHISPER_MODEL_PATH", "/models/x.bin")));
        Assert.Equal(FailureCause.UnreadableMedia, classifier.Classify(new PipelineException("scenes", "failed", new MediaUnreadableException("scenes", "/w/in.mp4", "bad"))));
    }

    [Fact]
    public void Unknown_failures_are_processing_errors_which_are_retried_within_max_attempts()
    {
        Assert.Equal(FailureCause.ProcessingError, classifier.Classify(new PipelineException("asr", "recognizer crashed")));
        Assert.Equal(FailureCause.ProcessingError, new ProcessorFailureClassifier().Classify(new MediaUnreadableException("probe", "/w/in.mp4", "corrupt")));
        Assert.True(RetryPolicy.IsTransient(FailureCause.ProcessingError));
    }
}
