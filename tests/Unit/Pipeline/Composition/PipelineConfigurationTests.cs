using Lifestream.Pipeline.Asr;
using Lifestream.Pipeline.Composition;
using Lifestream.Pipeline.ModelFiles;
using Lifestream.Pipeline.Scenes;
using Lifestream.Pipeline.Vad;

namespace Lifestream.Tests.Unit.Pipeline.Composition;

public sealed class PipelineConfigurationTests
{
    private static PipelineConfiguration Read(params (string Name, string Value)[] variables)
    {
        var env = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return PipelineConfiguration.FromEnvironment(name => env.GetValueOrDefault(name));
    }

    [Fact]
    public void An_empty_environment_is_the_offline_default_stack()
    {
        var config = Read();

        Assert.Equal(AsrEngine.PocketSphinx, config.Speech.Asr.Engine);
        Assert.False(config.Speech.Asr.FallBackToPocketSphinx);
        Assert.Equal(SceneDetectorKind.Content, config.Scenes.Detector);
        Assert.Null(config.Speech.Diarization.NumSpeakers);
    }

    [Fact]
    public void Settings_are_read_case_insensitively_where_they_name_an_engine()
    {
        var config = Read(
            (PipelineConfiguration.AsrEngineVariable, "Whisper"),
            (PipelineConfiguration.AsrFallbackVariable, "yes"),
            (PipelineConfiguration.SceneDetectorVariable, "ADAPTIVE"),
            (PipelineConfiguration.NumSpeakersVariable, "3"));

        Assert.Equal(AsrEngine.Whisper, config.Speech.Asr.Engine);
        Assert.True(config.Speech.Asr.FallBackToPocketSphinx);
        Assert.Equal(SceneDetectorKind.Adaptive, config.Scenes.Detector);
        Assert.Equal(3, config.Speech.Diarization.NumSpeakers);
    }

    [Fact]
    public void Every_invalid_setting_is_reported_in_one_exception()
    {
        var ex = Assert.Throws<PipelineConfigurationException>(() => Read(
            (PipelineConfiguration.AsrEngineVariable, "vosk"),
            (PipelineConfiguration.AsrFallbackVariable, "perhaps"),
            (PipelineConfiguration.SceneDetectorVariable, "histogram"),
            (PipelineConfiguration.MinSpeakersVariable, "0"),
            (PipelineConfiguration.WhisperModelVariable, "/models/ggml.bin"),
            (PipelineConfiguration.WhisperSizeVariable, "big")));

        Assert.Equal(5, ex.Problems.Count);
        foreach (var name in new[] { PipelineConfiguration.AsrEngineVariable, PipelineConfiguration.AsrFallbackVariable, PipelineConfiguration.SceneDetectorVariable, PipelineConfiguration.MinSpeakersVariable, PipelineConfiguration.WhisperSizeVariable })
        {
            Assert.Contains(ex.Problems, p => p.StartsWith(name + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_models_directory_setting_locates_the_vad_model_unless_the_model_path_is_set()
    {
        var fromDirectory = Read((ModelPaths.ModelsDirectoryVariable, "/opt/models"));
        var explicitPath = Read((ModelPaths.ModelsDirectoryVariable, "/opt/models"), (PipelineConfiguration.VadModelVariable, "/elsewhere/vad.onnx"));

        Assert.Equal(Path.Combine("/opt/models", SileroVadModelPin.FileName), fromDirectory.Speech.Vad.ModelPath);
        Assert.Equal("/elsewhere/vad.onnx", explicitPath.Speech.Vad.ModelPath);
    }
}
