using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Diarization;

/// <summary>
/// Diarization settings. With no speaker settings the count is estimated (silhouette over the dendrogram cuts
/// between <see cref="MinSpeakers"/> and <see cref="MaxSpeakers"/>); <see cref="NumSpeakers"/> forces it (as pyannote's num_speakers).
/// </summary>
public sealed record DiarizationOptions : IValidatedOptions
{
    /// <summary>Embedding window length. Default 1.5 s.</summary>
    public double WindowSeconds { get; init; } = 1.5;

    /// <summary>Step between windows. Default 0.75 s (50 % overlap).</summary>
    public double HopSeconds { get; init; } = 0.75;

    /// <summary>Windows shorter than this (short regions) are not clustered but given the nearest cluster. Default 0.5 s.</summary>
    public double MinClusterWindowSeconds { get; init; } = 0.5;

    /// <summary>Upper bound on clustered windows; long inputs get a larger hop. Default 1500.</summary>
    public int MaxWindows { get; init; } = 1500;

    /// <summary>Exact speaker count, when known.</summary>
    public int? NumSpeakers { get; init; }

    /// <summary>Lower bound for the estimated count. Default 1.</summary>
    public int MinSpeakers { get; init; } = 1;

    /// <summary>Upper bound for the estimated count. Default 8.</summary>
    public int MaxSpeakers { get; init; } = 8;

    /// <summary>
    /// Below this best silhouette the clusters are not considered distinct and one speaker is reported (when
    /// <see cref="MinSpeakers"/> allows it). Default 0.4: structureless (one-voice) data reaches about 0.2, and
    /// clearly distinct voices stay above it; on real meetings the MFCC statistics' weaker splits were mostly
    /// wrong (docs/diarization-evaluation.md).
    /// </summary>
    public double MinSilhouetteForSeveralSpeakers { get; init; } = 0.4;

    /// <summary>
    /// A cluster must hold at least this share of the clustered windows to count as a speaker; smaller ones
    /// (noise, coughs, cross-talk, back-channels) are folded into the nearest speaker. Default 0.2, so at most five
    /// speakers are reported: the MFCC statistics do not tell apart speakers with only a few windows of speech (on
    /// real meetings such clusters were mostly splits of one voice), so a larger share trades missed minor speakers
    /// for less confusion (docs/diarization-evaluation.md). Lower it, or give <see cref="NumSpeakers"/>, for
    /// recordings with many evenly active speakers.
    /// </summary>
    public double MinSpeakerShare { get; init; } = 0.2;

    /// <summary>ONNX speaker-embedding model (WeSpeaker/ECAPA style, 80-dim log-mel input). Null: MFCC statistics.</summary>
    public string? EmbeddingModelPath { get; init; }

    /// <summary>Pinned SHA-256 of <see cref="EmbeddingModelPath"/>; required with it.</summary>
    public string? EmbeddingModelSha256 { get; init; }

    /// <summary>Pinned size of <see cref="EmbeddingModelPath"/>; required with it.</summary>
    public long? EmbeddingModelSizeBytes { get; init; }

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        Require(problems, WindowSeconds is >= 0.5 and <= 10, nameof(WindowSeconds), $"must be between 0.5 and 10 s; got {WindowSeconds}");
        Require(problems, HopSeconds > 0 && HopSeconds <= WindowSeconds, nameof(HopSeconds), $"must be in (0, WindowSeconds]; got {HopSeconds}");
        Require(problems, MinClusterWindowSeconds > 0 && MinClusterWindowSeconds <= WindowSeconds, nameof(MinClusterWindowSeconds), $"must be in (0, WindowSeconds]; got {MinClusterWindowSeconds}");
        Require(problems, MaxWindows >= 10, nameof(MaxWindows), $"must be at least 10; got {MaxWindows}");
        Require(problems, MinSpeakers >= 1 && MinSpeakers <= MaxSpeakers, nameof(MinSpeakers), $"must be in [1, MaxSpeakers]; got {MinSpeakers} (MaxSpeakers {MaxSpeakers})");
        Require(problems, MaxSpeakers <= 50, nameof(MaxSpeakers), $"must be at most 50; got {MaxSpeakers}");
        Require(problems, NumSpeakers is null or >= 1, nameof(NumSpeakers), $"must be at least 1 when set; got {NumSpeakers}");
        Require(problems, MinSpeakerShare is >= 0 and < 0.5, nameof(MinSpeakerShare), $"must be in [0, 0.5); got {MinSpeakerShare}");
        Require(problems, MinSilhouetteForSeveralSpeakers is >= -1 and <= 1, nameof(MinSilhouetteForSeveralSpeakers), "must be in [-1, 1]");
        if (EmbeddingModelPath is not null)
        {
            Require(problems, EmbeddingModelSha256 is { Length: 64 } sha && sha.All(Uri.IsHexDigit), nameof(EmbeddingModelSha256), "must be the 64-hex-digit SHA-256 of EmbeddingModelPath");
            Require(problems, EmbeddingModelSizeBytes is > 0, nameof(EmbeddingModelSizeBytes), "must be the size in bytes of EmbeddingModelPath");
        }

        return problems;
    }

    private static void Require(List<string> problems, bool condition, string setting, string problem)
    {
        if (!condition)
        {
            problems.Add($"DiarizationOptions.{setting} {problem}.");
        }
    }
}
