using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Asr;
using Lifestream.Pipeline.Attribution;
using Lifestream.Pipeline.Diarization;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Speech;
using Lifestream.Pipeline.Vad;

namespace Lifestream.Tests.Unit.Pipeline.Speech;

public class SpeechAnalyzerTests
{
    private static readonly MediaInfo WithAudio = new() { DurationSeconds = 4, SizeBytes = 1, HasAudio = true };

    private sealed class FakeExtractor : IAudioExtractor
    {
        public int Calls { get; private set; }

        public int SampleRate => 16000;

        public Task<AudioBuffer> ExtractAsync(string mediaPath, double expectedDurationSeconds, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new AudioBuffer(new float[16000 * 4], 16000));
        }

        public Task<AudioBuffer> ExtractToFileAsync(string mediaPath, string pcmPath, CancellationToken cancellationToken) =>
            ExtractAsync(mediaPath, 4, cancellationToken);

    }

    private sealed class FakeVad(IReadOnlyList<TimeRange> regions) : IVoiceActivityDetector
    {
        public EngineInfo Engine { get; } = new("vad", "fake", "1", new Dictionary<string, string>());

        public Task<IReadOnlyList<TimeRange>> DetectAsync(AudioBuffer audio, CancellationToken cancellationToken) => Task.FromResult(regions);
    }

    private sealed class FakeRecognizer : ISpeechRecognizer
    {
        public IReadOnlyList<TimeRange>? SeenRegions { get; private set; }

        /// <summary>When set, the warm-up finishes only when the test completes it.</summary>
        public TaskCompletionSource? WarmUpGate { get; init; }

        public int WarmUpCalls { get; private set; }

        public EngineInfo Engine { get; } = new("asr", "fake", "1", new Dictionary<string, string>());

        public Task WarmUpAsync(CancellationToken cancellationToken)
        {
            WarmUpCalls++;
            return WarmUpGate?.Task ?? Task.CompletedTask;
        }

        public Task<IReadOnlyList<RecognizedWord>> RecognizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> regions, CancellationToken cancellationToken)
        {
            SeenRegions = regions;
            IReadOnlyList<RecognizedWord> words = regions.Select((r, i) => new RecognizedWord($"w{i}", r.Start + 0.1, r.End - 0.1, 0.9)).ToList();
            return Task.FromResult(words);
        }
    }

    private sealed class FakeDiarizer : IDiarizer
    {
        public EngineInfo Engine { get; } = new("diarization", "fake", "1", new Dictionary<string, string>());

        public Task<IReadOnlyList<SpeakerTurn>> DiarizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> speechRegions, CancellationToken cancellationToken)
        {
            IReadOnlyList<SpeakerTurn> turns = speechRegions.Select((r, i) => new SpeakerTurn(i % 2 == 0 ? "S1" : "S2", r.Start, r.End)).ToList();
            return Task.FromResult(turns);
        }
    }

    private sealed class FailingDiarizer : IDiarizer
    {
        public EngineInfo Engine { get; } = new("diarization", "failing", "1", new Dictionary<string, string>());

        public Task<IReadOnlyList<SpeakerTurn>> DiarizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> speechRegions, CancellationToken cancellationToken)
            => throw new InvalidOperationException("boom");
    }

    private sealed class ListProgress : IProgress<StageProgress>
    {
        public List<StageProgress> Events { get; } = [];

        public void Report(StageProgress value) => Events.Add(value);
    }

    private static SpeechAnalyzer Analyzer(IReadOnlyList<TimeRange> regions, FakeExtractor? extractor = null, FakeRecognizer? recognizer = null, IDiarizer? diarizer = null)
        => new(extractor ?? new FakeExtractor(), new FakeVad(regions), recognizer ?? new FakeRecognizer(), diarizer ?? new FakeDiarizer(), new SpeakerAttributor(new AttributionOptions()));

    [Fact]
    public async Task Media_without_audio_gives_an_empty_result_that_says_why_and_decodes_nothing()
    {
        var extractor = new FakeExtractor();

        var result = await Analyzer([new(0, 1)], extractor).AnalyzeAsync("video.mp4", WithAudio with { HasAudio = false }, "/tmp", null, CancellationToken.None);

        Assert.Empty(result.Segments);
        Assert.Empty(result.Speakers);
        Assert.Contains(result.Warnings, w => w.Contains("no audio stream", StringComparison.Ordinal));
        Assert.Equal(0, extractor.Calls);
    }

    [Fact]
    public async Task Asr_sees_only_vad_regions_and_words_are_attributed_to_turns()
    {
        TimeRange[] regions = [new(0.5, 1.5), new(2, 3.5)];
        var recognizer = new FakeRecognizer();
        var progress = new ListProgress();

        var result = await Analyzer(regions, recognizer: recognizer).AnalyzeAsync("a.wav", WithAudio, "/tmp", progress, CancellationToken.None);

        Assert.Equal(regions, recognizer.SeenRegions);
        Assert.Equal(["S1", "S2"], result.Speakers);
        Assert.Equal([("S1", "w0"), ("S2", "w1")], result.Segments.Select(s => (s.Speaker, s.Text)));
        Assert.Equal(["asr", "attribution", "audio", "diarization", "vad"], result.StageTimings.Keys.Order());
        Assert.Equal(["audio", "vad", "asr", "diarization", "attribution"], progress.Events.Where(e => e.State == StageState.Completed).Select(e => e.Stage));
        Assert.Equal(["vad", "asr", "diarization"], result.Engines.Select(e => e.Stage));
    }

    [Fact]
    public async Task The_recognizer_warms_up_during_extraction_and_vad_and_asr_waits_for_it()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var extractor = new FakeExtractor();
        var recognizer = new FakeRecognizer { WarmUpGate = gate };

        var analysis = Analyzer([new(0.5, 1.5)], extractor, recognizer).AnalyzeAsync("a.wav", WithAudio, "/tmp", null, CancellationToken.None);

        Assert.Equal((1, 1), (recognizer.WarmUpCalls, extractor.Calls));
        Assert.False(analysis.IsCompleted);
        Assert.Null(recognizer.SeenRegions);
        gate.SetResult();
        var result = await analysis;
        Assert.Equal([new TimeRange(0.5, 1.5)], recognizer.SeenRegions);
        Assert.Single(result.Segments);
    }

    [Fact]
    public async Task A_failed_warm_up_fails_the_asr_stage_by_name()
    {
        var gate = new TaskCompletionSource();
        gate.SetException(new InvalidOperationException("decoder init failed"));
        var recognizer = new FakeRecognizer { WarmUpGate = gate };

        var ex = await Assert.ThrowsAsync<PipelineException>(() => Analyzer([new(0, 1)], recognizer: recognizer).AnalyzeAsync("a.wav", WithAudio, "/tmp", null, CancellationToken.None));

        Assert.Equal("asr", ex.Stage);
        Assert.Contains("decoder init failed", ex.Message, StringComparison.Ordinal);
        Assert.Null(recognizer.SeenRegions);
    }

    [Fact]
    public async Task No_speech_skips_asr_and_warns()
    {
        var recognizer = new FakeRecognizer();

        var result = await Analyzer([], recognizer: recognizer).AnalyzeAsync("a.wav", WithAudio, "/tmp", null, CancellationToken.None);

        Assert.Null(recognizer.SeenRegions);
        Assert.Contains(result.Warnings, w => w.Contains("No speech", StringComparison.Ordinal));
        Assert.False(result.StageTimings.ContainsKey("asr"));
    }

    [Fact]
    public async Task A_failing_stage_becomes_a_pipeline_exception_naming_the_stage()
    {
        var progress = new ListProgress();

        var ex = await Assert.ThrowsAsync<PipelineException>(() => Analyzer([new(0, 1)], diarizer: new FailingDiarizer()).AnalyzeAsync("a.wav", WithAudio, "/tmp", progress, CancellationToken.None));

        Assert.Equal("diarization", ex.Stage);
        Assert.Contains(progress.Events, e => e is { Stage: "diarization", State: StageState.Failed });
    }

    [Fact]
    public async Task Cancellation_is_not_wrapped()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Analyzer([new(0, 1)], diarizer: new CancellingDiarizer()).AnalyzeAsync("a.wav", WithAudio, "/tmp", null, cts.Token));
    }

    private sealed class CancellingDiarizer : IDiarizer
    {
        public EngineInfo Engine { get; } = new("diarization", "cancelling", "1", new Dictionary<string, string>());

        public Task<IReadOnlyList<SpeakerTurn>> DiarizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> speechRegions, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult<IReadOnlyList<SpeakerTurn>>([]);
        }
    }
}
