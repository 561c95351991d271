using Lifestream.Pipeline.Asr;
using Lifestream.Pipeline.Attribution;
using Lifestream.Pipeline.Diarization;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Vad;

namespace Lifestream.Pipeline.Speech;

/// <summary>All settings of the audio branch; every part has working offline defaults.</summary>
public sealed record SpeechAnalyzerOptions
{
    public MediaOptions Media { get; init; } = new();

    public VadOptions Vad { get; init; } = new();

    public AsrOptions Asr { get; init; } = new();

    public DiarizationOptions Diarization { get; init; } = new();

    public AttributionOptions Attribution { get; init; } = new();
}
