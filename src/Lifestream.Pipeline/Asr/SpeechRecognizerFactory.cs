using Lifestream.Pipeline.Asr.PocketSphinx;
using Lifestream.Pipeline.Asr.Whisper;
using Lifestream.Pipeline.ModelFiles;
using Microsoft.Extensions.Logging;

namespace Lifestream.Pipeline.Asr;

/// <summary>Builds the configured <see cref="ISpeechRecognizer"/>, with the explicit, logged fallback when allowed.</summary>
public static class SpeechRecognizerFactory
{
    /// <returns>The recognizer and, when a fallback happened, the warning to record in the result.</returns>
    public static async Task<(ISpeechRecognizer Recognizer, string? Warning)> CreateAsync(AsrOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Engine == AsrEngine.PocketSphinx)
        {
            return (new PocketSphinxRecognizer(options.PocketSphinx), null);
        }

        try
        {
            return (await WhisperRecognizer.CreateAsync(options.Whisper, cancellationToken), null);
        }
        catch (Exception ex) when (options.FallBackToPocketSphinx && ex is ModelFileException or ArgumentException or WhisperModelLoadFailedException)
        {
            var warning = $"Whisper unavailable ({ex.Message}); fell back to pocketsphinx because Asr:FallBackToPocketSphinx is set.";
            logger.LogWarning("ASR fallback: {Warning}", warning);
            return (new PocketSphinxRecognizer(options.PocketSphinx), warning);
        }
    }
}
