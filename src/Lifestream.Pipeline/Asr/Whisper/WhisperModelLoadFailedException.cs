using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Asr.Whisper;

/// <summary>The verified model file was still refused by the Whisper runtime (e.g. unsupported ggml variant).</summary>
public sealed class WhisperModelLoadFailedException(string path, Exception inner)
    : PipelineException("asr", $"Whisper could not load model '{path}' (setting {WhisperOptions.ModelPathSetting}): {inner.Message}", inner)
{
    public string ModelPath { get; } = path;
}
