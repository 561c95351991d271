using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.Orchestration;
using Lifestream.Pipeline.Scenes;
using Lifestream.Pipeline.Speech;
using Lifestream.Pipeline.Summarization;
using Microsoft.Extensions.Logging;

namespace Lifestream.Pipeline.Composition;

/// <summary>Builds the one <see cref="VideoPipeline"/> both hosts run, from <see cref="PipelineConfiguration"/>.</summary>
public static class VideoPipelineFactory
{
    /// <param name="getVariable">Environment lookup for the optional LLM summarizer (endpoint, key, model).</param>
    public static async Task<VideoPipeline> CreateAsync(PipelineConfiguration configuration, Func<string, string?> getVariable, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logger);
        var speech = await SpeechAnalyzerFactory.CreateAsync(configuration.Speech, logger, cancellationToken).ConfigureAwait(false);
        var tokens = new Cl100kTokenCounter();
        return new VideoPipeline(
            new FfprobeMediaProber(configuration.Speech.Media),
            speech,
            new SceneAnalyzer(configuration.Scenes, tools: new MediaToolRunner(configuration.Speech.Media)),
            new TranscriptChunker(tokens, configuration.Chunking),
            SummarizerFactory.Create(getVariable, tokens));
    }
}
