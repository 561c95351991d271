using Lifestream.Core.Retries;
using Lifestream.Pipeline.Asr.Whisper;
using Lifestream.Pipeline.Composition;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.ModelFiles;
using Lifestream.Pipeline.Summarization;

namespace Lifestream.Pipeline;

/// <summary>
/// The failure causes of the pipeline's exceptions, for the processor's retry decision: unreadable input and broken
/// configuration are permanent; anything else (a crashed or stalled tool) is left to the processor's default.
/// </summary>
public sealed class PipelineFailureClassifier : IFailureClassifier
{
    public FailureCause? Classify(Exception exception) => exception switch
    {
        MediaUnreadableException or MediaNotFoundException => FailureCause.UnreadableMedia,
        TokenBudgetExceededException => FailureCause.OverLimits,
        ModelFileException or PipelineConfigurationException or MediaToolMissingException or WhisperModelLoadFailedException
            => FailureCause.InvalidConfiguration,
        { InnerException: { } inner } => Classify(inner),
        _ => null,
    };
}
