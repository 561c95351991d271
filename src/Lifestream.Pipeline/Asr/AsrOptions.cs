using Lifestream.Pipeline.Asr.PocketSphinx;
using Lifestream.Pipeline.Asr.Whisper;

namespace Lifestream.Pipeline.Asr;

public enum AsrEngine
{
    /// <summary>Offline default: CMU pocketsphinx with the Debian en-us model.</summary>
    PocketSphinx,

    /// <summary>Production default in the container image: Whisper.net with a pinned ggml model.</summary>
    Whisper,
}

/// <summary>Which recognizer to use and its settings.</summary>
public sealed record AsrOptions
{
    public AsrEngine Engine { get; init; } = AsrEngine.PocketSphinx;

    /// <summary>
    /// When Whisper is chosen but its model is missing or fails verification: false (default) → error naming the
    /// setting; true → a logged warning and pocketsphinx instead.
    /// </summary>
    public bool FallBackToPocketSphinx { get; init; }

    public PocketSphinxOptions PocketSphinx { get; init; } = new();

    public WhisperOptions Whisper { get; init; } = new();
}
