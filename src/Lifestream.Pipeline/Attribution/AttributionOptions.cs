namespace Lifestream.Pipeline.Attribution;

/// <summary>How words are grouped into transcript segments.</summary>
public sealed record AttributionOptions
{
    /// <summary>A pause between consecutive words at least this long starts a new segment even for the same speaker. Default 1.0 s.</summary>
    public double MaxPauseSeconds { get; init; } = 1.0;

    /// <summary>Label for words when diarization produced no turns at all.</summary>
    public string UnknownSpeaker { get; init; } = "S1";

    public void Validate()
    {
        if (MaxPauseSeconds <= 0)
        {
            throw new ArgumentException($"AttributionOptions.MaxPauseSeconds must be positive; got {MaxPauseSeconds}.", nameof(MaxPauseSeconds));
        }

        if (string.IsNullOrWhiteSpace(UnknownSpeaker))
        {
            throw new ArgumentException("AttributionOptions.UnknownSpeaker must not be empty.", nameof(UnknownSpeaker));
        }
    }
}
