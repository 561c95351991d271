using Lifestream.Core.Pipeline.Asr;
using Lifestream.Core.Pipeline.Attribution;
using Lifestream.Core.Pipeline.Diarization;
using Lifestream.Core.Pipeline.Media;
using Lifestream.Core.Pipeline.Vad;

namespace Lifestream.Core.Pipeline.Speech;

/// <summary>All settings of the audio branch; every part has working offline defaults.</summary>
public sealed record SpeechAnalyzerOptions
{
    public MediaOptions Media { get; init; } = new();

    public VadOptions Vad { get; init; } = new();

    public AsrOptions Asr { get; init; } = new();

    public DiarizationOptions Diarization { get; init; } = new();

    public AttributionOptions Attribution { get; init; } = new();
}
