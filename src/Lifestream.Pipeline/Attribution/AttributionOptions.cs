using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Attribution;

/// <summary>How words are grouped into transcript segments.</summary>
public sealed record AttributionOptions : IValidatedOptions
{
    /// <summary>A pause between consecutive words at least this long starts a new segment even for the same speaker. Default 1.0 s.</summary>
    public double MaxPauseSeconds { get; init; } = 1.0;

    /// <summary>Label for words when diarization produced no turns at all.</summary>
    public string UnknownSpeaker { get; init; } = "S1";

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (MaxPauseSeconds <= 0)
        {
            problems.Add($"AttributionOptions.MaxPauseSeconds must be positive; got {MaxPauseSeconds}.");
        }

        if (string.IsNullOrWhiteSpace(UnknownSpeaker))
        {
            problems.Add("AttributionOptions.UnknownSpeaker must not be empty.");
        }

        return problems;
    }
}
