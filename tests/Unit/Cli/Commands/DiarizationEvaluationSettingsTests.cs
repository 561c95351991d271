using Lifestream.Cli;
using Lifestream.Cli.Commands;
using Lifestream.Pipeline.Speech;

namespace Lifestream.Tests.Unit.Cli.Commands;

public sealed class DiarizationEvaluationSettingsTests
{
    [Fact]
    public void Without_overrides_the_configured_settings_are_used()
    {
        var configured = new SpeechAnalyzerOptions();

        var (vad, diarization) = DiarizationEvaluationSettings.Apply(configured, null, null, null);

        Assert.Equal(configured.Vad, vad);
        Assert.Equal(configured.Diarization, diarization);
    }

    [Fact]
    public void Overrides_replace_only_the_settings_they_name()
    {
        var configured = new SpeechAnalyzerOptions();

        var (vad, diarization) = DiarizationEvaluationSettings.Apply(configured, 0.3f, 0.45, 0.2);

        Assert.Equal(0.3f, vad.Threshold);
        Assert.Equal(0.15f, vad.EffectiveNegativeThreshold, 5);
        Assert.Equal(configured.Vad.MinSilenceSeconds, vad.MinSilenceSeconds);
        Assert.Equal(0.45, diarization.MinSilhouetteForSeveralSpeakers);
        Assert.Equal(0.2, diarization.MinSpeakerShare);
        Assert.Equal(configured.Diarization.WindowSeconds, diarization.WindowSeconds);
    }

    [Theory]
    [InlineData(1.5f, null, null, DiarizationEvaluationSettings.VadThresholdOption)]
    [InlineData(null, 1.2, null, DiarizationEvaluationSettings.MinSilhouetteOption)]
    [InlineData(null, null, 0.5, DiarizationEvaluationSettings.MinSpeakerShareOption)]
    public void An_invalid_override_is_reported_by_its_option_name(float? vadThreshold, double? minSilhouette, double? minSpeakerShare, string option)
    {
        var ex = Assert.Throws<CliException>(() => DiarizationEvaluationSettings.Apply(new SpeechAnalyzerOptions(), vadThreshold, minSilhouette, minSpeakerShare));

        Assert.StartsWith(option + ": ", ex.Message, StringComparison.Ordinal);
    }
}
