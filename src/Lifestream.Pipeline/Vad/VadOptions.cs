using Lifestream.Core.Configuration;
using Lifestream.Pipeline.ModelFiles;

namespace Lifestream.Pipeline.Vad;

/// <summary>
/// Silero VAD settings. Defaults follow Silero's reference <c>get_speech_timestamps</c> except where noted;
/// all durations are seconds.
/// </summary>
public sealed record VadOptions : IValidatedOptions
{
    /// <summary>Silero VAD ONNX file; default: tools/models/silero_vad.onnx (placed by tools/models/fetch-models.sh).</summary>
    public string ModelPath { get; init; } = ModelPaths.Resolve(SileroVadModelPin.FileName);

    /// <summary>Pinned SHA-256 of <see cref="ModelPath"/>; the file is rejected if it differs.</summary>
    public string ModelSha256 { get; init; } = SileroVadModelPin.Sha256;

    /// <summary>Pinned size in bytes of <see cref="ModelPath"/>.</summary>
    public long ModelSizeBytes { get; init; } = SileroVadModelPin.SizeBytes;

    /// <summary>
    /// A frame whose speech probability is at least this starts (or continues) speech. Default 0.3 (Silero: 0.5):
    /// far-field meeting speech (table microphones, quieter participants) scores lower than close-talk speech; the
    /// lower threshold recovers part of it for little false alarm (docs/diarization-evaluation.md).
    /// </summary>
    public float Threshold { get; init; } = 0.3f;

    /// <summary>Speech ends only when the probability drops below this (hysteresis). Default: Threshold − 0.15.</summary>
    public float? NegativeThreshold { get; init; }

    /// <summary>Regions shorter than this are dropped. Default 0.25 s.</summary>
    public double MinSpeechSeconds { get; init; } = 0.25;

    /// <summary>
    /// Silence must last this long to end a region. Default 0.3 s (Silero uses 0.1 s; longer keeps words
    /// and short phrases together for the recognizer).
    /// </summary>
    public double MinSilenceSeconds { get; init; } = 0.3;

    /// <summary>Each region is widened by this much on both sides (never into a neighbour). Default 0.1 s (Silero: 0.03 s), so word onsets are not clipped.</summary>
    public double SpeechPadSeconds { get; init; } = 0.1;

    /// <summary>Longer regions are split at their quietest frame so ASR work can be spread and Whisper's 30 s window is respected. Default 20 s.</summary>
    public double MaxRegionSeconds { get; init; } = 20;

    public float EffectiveNegativeThreshold => NegativeThreshold ?? Math.Max(Threshold - 0.15f, 0.01f);

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        Require(problems, !string.IsNullOrWhiteSpace(ModelPath), nameof(ModelPath), "must name the Silero VAD ONNX file");
        Require(problems, ModelSha256.Length == 64 && ModelSha256.All(Uri.IsHexDigit), nameof(ModelSha256), "must be 64 hex digits");
        Require(problems, ModelSizeBytes > 0, nameof(ModelSizeBytes), "must be positive");
        Require(problems, Threshold is > 0 and < 1, nameof(Threshold), $"must be in (0, 1); got {Threshold}");
        Require(problems, EffectiveNegativeThreshold > 0 && EffectiveNegativeThreshold <= Threshold, nameof(NegativeThreshold), $"must be in (0, Threshold]; got {EffectiveNegativeThreshold}");
        Require(problems, MinSpeechSeconds >= 0, nameof(MinSpeechSeconds), "must not be negative");
        Require(problems, MinSilenceSeconds >= 0, nameof(MinSilenceSeconds), "must not be negative");
        Require(problems, SpeechPadSeconds >= 0, nameof(SpeechPadSeconds), "must not be negative");
        Require(problems, MaxRegionSeconds >= 2, nameof(MaxRegionSeconds), $"must be at least 2 s; got {MaxRegionSeconds}");

        return problems;
    }

    private static void Require(List<string> problems, bool condition, string setting, string problem)
    {
        if (!condition)
        {
            problems.Add($"VadOptions.{setting} {problem}.");
        }
    }
}
