using System.Diagnostics;
using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Asr;
using Lifestream.Pipeline.Attribution;
using Lifestream.Pipeline.Diarization;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Vad;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Pipeline.Speech;

/// <summary>
/// The audio branch: extraction → VAD → ASR (on speech regions only) → diarization → attribution, with a
/// progress event and a wall-time entry per stage ("audio", "vad", "asr", "diarization", "attribution").
/// A file without an audio stream yields an empty result with a warning saying so. The analyzer owns its stages:
/// disposing it disposes those that hold native resources (ONNX sessions, decoders, Whisper models).
/// </summary>
public sealed class SpeechAnalyzer : ISpeechAnalyzer, IDisposable
{
    /// <summary>The scratch PCM file (16-bit mono at the speech rate) inside the run's work directory.</summary>
    public const string AudioFileName = "audio-16k.s16le";

    private readonly IAudioExtractor extractor;
    private readonly IVoiceActivityDetector vad;
    private readonly ISpeechRecognizer recognizer;
    private readonly IDiarizer diarizer;
    private readonly SpeakerAttributor attributor;
    private readonly ILogger logger;
    private readonly IReadOnlyList<string> setupWarnings;

    public SpeechAnalyzer(IAudioExtractor extractor, IVoiceActivityDetector vad, ISpeechRecognizer recognizer, IDiarizer diarizer, SpeakerAttributor attributor, ILogger? logger = null, IReadOnlyList<string>? setupWarnings = null)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(vad);
        ArgumentNullException.ThrowIfNull(recognizer);
        ArgumentNullException.ThrowIfNull(diarizer);
        ArgumentNullException.ThrowIfNull(attributor);
        this.extractor = extractor;
        this.vad = vad;
        this.recognizer = recognizer;
        this.diarizer = diarizer;
        this.attributor = attributor;
        this.logger = logger ?? NullLogger.Instance;
        this.setupWarnings = setupWarnings ?? [];
    }

    public IReadOnlyList<EngineInfo> Engines => [vad.Engine, recognizer.Engine, diarizer.Engine];

    public async Task<SpeechResult> AnalyzeAsync(string mediaPath, MediaInfo media, string workDirectory, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        ArgumentNullException.ThrowIfNull(media);
        ArgumentException.ThrowIfNullOrWhiteSpace(workDirectory);
        var warnings = new List<string>(setupWarnings);
        if (!media.HasAudio)
        {
            var warning = "The input has no audio stream: no transcript or speakers.";
            logger.LogWarning("{MediaPath}: {Warning}", MediaLocation.Describe(mediaPath), warning);
            return SpeechResult.Empty(warning) with { Engines = Engines, Warnings = [.. warnings, warning] };
        }

        // Decoders load (about a second each for pocketsphinx) while the audio is extracted and VAD runs.
        var warmUp = recognizer.WarmUpAsync(cancellationToken);
        try
        {
            return await AnalyzeAudioAsync(mediaPath, workDirectory, warmUp, warnings, progress, cancellationToken);
        }
        finally
        {
            // Observed on every path (no regions, failure, cancellation), so a failed warm-up is never unobserved.
            await warmUp.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task<SpeechResult> AnalyzeAudioAsync(string mediaPath, string workDirectory, Task warmUp, List<string> warnings, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var timings = new Dictionary<string, double>();
        // The decoded track goes to a PCM file in the work directory, read back by range: a long input's audio is
        // never in memory at once. Disposing deletes the file.
        var pcmPath = Path.Combine(workDirectory, AudioFileName);
        using var audio = await RunStageAsync("audio", timings, progress, () => extractor.ExtractToFileAsync(mediaPath, pcmPath, cancellationToken), a => $"{a.DurationSeconds:F1} s of audio");
        var regions = await RunStageAsync("vad", timings, progress, () => vad.DetectAsync(audio, cancellationToken), r => $"{r.Count} speech regions");
        if (regions.Count == 0)
        {
            warnings.Add("No speech was detected in the audio track.");
            return new SpeechResult { SpeechRegions = [], Turns = [], Segments = [], Speakers = [], Engines = Engines, Warnings = warnings, StageTimings = timings };
        }

        var words = await RunStageAsync("asr", timings, progress, async () =>
        {
            await warmUp;
            return await recognizer.RecognizeAsync(audio, regions, cancellationToken);
        }, w => $"{w.Count} words");
        var turns = await RunStageAsync("diarization", timings, progress, () => diarizer.DiarizeAsync(audio, regions, cancellationToken), t => $"{t.Select(x => x.Speaker).Distinct().Count()} speakers");
        var segments = await RunStageAsync("attribution", timings, progress, () => Task.FromResult(attributor.Attribute(words, turns)), s => $"{s.Count} segments");
        if (words.Count == 0)
        {
            warnings.Add("Speech was detected but no words were recognised.");
        }

        return new SpeechResult
        {
            SpeechRegions = regions,
            Turns = turns,
            Segments = segments,
            Speakers = turns.Select(t => t.Speaker).Distinct().ToList(),
            Engines = Engines,
            Warnings = warnings,
            StageTimings = timings,
        };
    }

    public void Dispose()
    {
        foreach (var stage in new object[] { extractor, vad, recognizer, diarizer }.OfType<IDisposable>())
        {
            stage.Dispose();
        }
    }

    private static async Task<T> RunStageAsync<T>(string stage, Dictionary<string, double> timings, IProgress<StageProgress>? progress, Func<Task<T>> run, Func<T, string> describe)
    {
        progress?.Report(new StageProgress(stage, StageState.Started, TimeSpan.Zero));
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await run();
            timings[stage] = clock.Elapsed.TotalSeconds;
            progress?.Report(new StageProgress(stage, StageState.Completed, clock.Elapsed, describe(result)));
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            progress?.Report(new StageProgress(stage, StageState.Failed, clock.Elapsed, ex.Message));
            if (ex is PipelineException)
            {
                throw;
            }

            throw new PipelineException(stage, $"Speech stage '{stage}' failed: {ex.Message}", ex);
        }
    }
}
