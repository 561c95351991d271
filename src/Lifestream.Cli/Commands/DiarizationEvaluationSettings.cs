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
        try
        {
            vad.Validate();
            diarization.Validate();
        }
        catch (ArgumentException ex)
        {
            var source = ex.ParamName switch
            {
                nameof(VadOptions.Threshold) or nameof(VadOptions.NegativeThreshold) when vadThreshold is not null => VadThresholdOption,
                nameof(DiarizationOptions.MinSilhouetteForSeveralSpeakers) when minSilhouette is not null => MinSilhouetteOption,
                nameof(DiarizationOptions.MinSpeakerShare) when minSpeakerShare is not null => MinSpeakerShareOption,
                _ => "configuration",
            };
            throw new CliException($"{source}: {ex.Message}", ex);
        }

        return (vad, diarization);
    }
}
