using Lifestream.Pipeline.Diarization;
using Lifestream.Pipeline.Speech;
using Lifestream.Pipeline.Vad;

namespace Lifestream.Cli.Commands;

/// <summary>
/// The VAD and diarization settings of one `eval diarization` run: the configured ones with the command's measurement
/// overrides applied, validated once, so a bad value is reported by option name before any audio is read.
/// </summary>
internal static class DiarizationEvaluationSettings
{
    public const string VadThresholdOption = "--vad-threshold";
    public const string MinSilhouetteOption = "--min-silhouette";
    public const string MinSpeakerShareOption = "--min-speaker-share";

    /// <exception cref="CliException">An override (or the configuration it lands in) is invalid; the message names the option.</exception>
    public static (VadOptions Vad, DiarizationOptions Diarization) Apply(SpeechAnalyzerOptions configured, float? vadThreshold, double? minSilhouette, double? minSpeakerShare)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var vad = vadThreshold is float threshold ? configured.Vad with { Threshold = threshold } : configured.Vad;
        var diarization = configured.Diarization with
        {
            MinSilhouetteForSeveralSpeakers = minSilhouette ?? configured.Diarization.MinSilhouetteForSeveralSpeakers,
            MinSpeakerShare = minSpeakerShare ?? configured.Diarization.MinSpeakerShare,
        };
        var problems = vad.GetProblems().Concat(diarization.GetProblems()).ToList();
        if (problems.Count > 0)
        {
            throw new CliException(string.Join(" ", problems.Select(problem => $"{SourceOf(problem)}: {problem}")));
        }

        return (vad, diarization);

        // Each problem names its setting ("VadOptions.Threshold …"); an override is reported by the option that set it.
        string SourceOf(string problem) =>
            (problem.StartsWith($"VadOptions.{nameof(VadOptions.Threshold)} ", StringComparison.Ordinal) || problem.StartsWith($"VadOptions.{nameof(VadOptions.NegativeThreshold)} ", StringComparison.Ordinal)) && vadThreshold is not null ? VadThresholdOption
            : problem.Contains($".{nameof(DiarizationOptions.MinSilhouetteForSeveralSpeakers)} ", StringComparison.Ordinal) && minSilhouette is not null ? MinSilhouetteOption
            : problem.Contains($".{nameof(DiarizationOptions.MinSpeakerShare)} ", StringComparison.Ordinal) && minSpeakerShare is not null ? MinSpeakerShareOption
            : "configuration";
    }
}
