using System.Diagnostics;
using Lifestream.Pipeline.Asr.Whisper;
using Lifestream.Pipeline.Composition;
using Lifestream.Pipeline.Diarization;
using Lifestream.Evaluation;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.ModelFiles;
using Lifestream.Pipeline.Speech;

namespace Lifestream.Tests.Integration.Speech;

/// <summary>The generated tiny models, written once per test class into a temporary folder.</summary>
public sealed class GeneratedModels : IDisposable
{
    private readonly DirectoryInfo dir = System.IO.Directory.CreateTempSubdirectory("lifestream-models-");

    public GeneratedModels()
    {
        Whisper = TinyWhisperModel.Write(Path.Combine(dir.FullName, "ggml-tiny-random.bin"));
        Embedding = TinySpeakerEmbeddingModel.Write(Path.Combine(dir.FullName, "speaker-tiny-random.onnx"));
    }

    public (string Path, string Sha256, long SizeBytes) Whisper { get; }

    public (string Path, string Sha256, long SizeBytes) Embedding { get; }

    public string Directory => dir.FullName;

    public WhisperOptions WhisperOptions(int workers = 1, int threads = 2)
        => new() { ModelPath = Whisper.Path, ModelSha256 = Whisper.Sha256, ModelSizeBytes = Whisper.SizeBytes, WorkerCount = workers, ThreadsPerWorker = threads };

    public void Dispose() => dir.Delete(recursive: true);
}

/// <summary>
/// The production engines with their real native runtimes (whisper.cpp through Whisper.net, ONNX Runtime) on
/// generated models with random weights: what is checked is structure — verification, load, timing, regions,
/// cancellation, disposal — never words (random weights say nothing about accuracy; that needs real weights and
/// stays in <see cref="ModelRuntimeTests"/>).
/// </summary>
public sealed class GeneratedModelRuntimeTests(GeneratedModels models) : IClassFixture<GeneratedModels>
{
    private static async Task<(FixtureManifest Manifest, AudioBuffer Audio, string Video)> InterviewAsync()
    {
        var fixture = TestFixtures.Fixture("interview-20s");
        var manifest = await FixtureManifest.LoadAsync(fixture, CancellationToken.None);
        var video = Path.Combine(fixture, manifest.Video);
        var audio = await new FfmpegAudioExtractor(new MediaOptions()).ExtractAsync(video, manifest.DurationSeconds, CancellationToken.None);
        return (manifest, audio, video);
    }

    private static void AssertInsideRegions(IReadOnlyList<RecognizedWord> words, IReadOnlyList<TimeRange> regions)
    {
        Assert.Equal(words.OrderBy(w => w.Start).Select(w => w.Start), words.Select(w => w.Start));
        Assert.All(words, w =>
        {
            Assert.False(string.IsNullOrWhiteSpace(w.Text));
            Assert.True(w.Start <= w.End, $"'{w.Text}' ends ({w.End}) before it starts ({w.Start})");
            Assert.InRange(w.Confidence, 0, 1);
            Assert.True(regions.Any(r => w.Start >= r.Start - 1e-3 && w.End <= r.End + 1e-3), $"'{w.Text}' [{w.Start}, {w.End}] lies outside every decoded region");
        });
    }

    [Fact]
    public async Task Generated_ggml_model_passes_the_pinned_verification_and_loads_in_whisper_cpp()
    {
        using var recognizer = await WhisperRecognizer.CreateAsync(models.WhisperOptions(), CancellationToken.None);

        Assert.Equal("whisper.net", recognizer.Engine.Name);
        Assert.Equal(models.Whisper.Sha256, recognizer.Engine.Settings["modelSha256"]);
    }

    [Fact]
    public async Task Generated_ggml_model_with_one_flipped_byte_is_refused_before_the_native_load()
    {
        var copy = Path.Combine(models.Directory, "flipped.bin");
        var bytes = await File.ReadAllBytesAsync(models.Whisper.Path);
        bytes[^3] ^= 0x40;
        await File.WriteAllBytesAsync(copy, bytes);

        await Assert.ThrowsAsync<ModelFileHashMismatchException>(() => WhisperRecognizer.CreateAsync(models.WhisperOptions() with { ModelPath = copy }, CancellationToken.None));
    }

    [Fact]
    public async Task Whisper_words_have_ordered_times_inside_the_decoded_regions_with_two_workers()
    {
        var (manifest, audio, _) = await InterviewAsync();
        var regions = manifest.Turns.Take(3).Select(t => new TimeRange(t.Start, t.End)).ToList();
        using var recognizer = await WhisperRecognizer.CreateAsync(models.WhisperOptions(workers: 2, threads: 1), CancellationToken.None);

        var words = await recognizer.RecognizeAsync(audio, regions, CancellationToken.None);

        Assert.NotEmpty(words);
        AssertInsideRegions(words, regions);
        Assert.Equal("2", recognizer.Engine.Settings["workers"]);
    }

    [Fact]
    public async Task Whisper_decodes_nothing_when_there_are_no_speech_regions()
    {
        var (_, audio, _) = await InterviewAsync();
        using var recognizer = await WhisperRecognizer.CreateAsync(models.WhisperOptions(), CancellationToken.None);

        Assert.Empty(await recognizer.RecognizeAsync(audio, [], CancellationToken.None));
    }

    [Fact]
    public async Task Cancellation_mid_decode_stops_whisper_within_a_bound_and_the_runtime_stays_usable()
    {
        var (_, audio, _) = await InterviewAsync();
        var regions = Enumerable.Range(0, 6).Select(i => new TimeRange(0, 20)).ToList();
        var recognizer = await WhisperRecognizer.CreateAsync(models.WhisperOptions(), CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recognizer.RecognizeAsync(audio, regions, cts.Token));
        var stoppedAfterCancel = clock.Elapsed - TimeSpan.FromSeconds(1.5);
        recognizer.Dispose();

        Assert.True(stoppedAfterCancel < TimeSpan.FromSeconds(5), $"whisper kept running {stoppedAfterCancel.TotalSeconds:F1} s after cancellation");
        using var again = await WhisperRecognizer.CreateAsync(models.WhisperOptions(), CancellationToken.None);
        AssertInsideRegions(await again.RecognizeAsync(audio, [new TimeRange(0.5, 4.8)], CancellationToken.None), [new TimeRange(0.5, 4.8)]);
    }

    [Fact]
    public async Task Disposed_recognizer_refuses_work_instead_of_touching_freed_native_memory()
    {
        var (_, audio, _) = await InterviewAsync();
        var recognizer = await WhisperRecognizer.CreateAsync(models.WhisperOptions(), CancellationToken.None);
        recognizer.Dispose();
        recognizer.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => recognizer.RecognizeAsync(audio, [new TimeRange(0.5, 4.8)], CancellationToken.None));
    }

    [Fact]
    public async Task Onnx_embedder_runs_the_generated_graph_with_the_model_output_dimension()
    {
        var (manifest, audio, _) = await InterviewAsync();
        using var embedder = new OnnxSpeakerEmbedder(new PinnedModelFile(models.Embedding.Path, models.Embedding.Sha256, models.Embedding.SizeBytes, "test"));
        var windows = manifest.Turns.Select(t => new TimeRange(t.Start, t.Start + 1.5)).ToList();

        var embeddings = await embedder.EmbedAsync(audio, windows, CancellationToken.None);

        Assert.Equal(windows.Count, embeddings.Length);
        Assert.All(embeddings, e => Assert.Equal(16, e.Length));
        Assert.All(embeddings, e => Assert.All(e, v => Assert.True(float.IsFinite(v))));
        Assert.NotEqual(embeddings[0], embeddings[1]);
    }

    [Fact]
    public async Task Speech_branch_runs_whisper_and_the_onnx_embedder_configured_from_the_environment()
    {
        var (manifest, _, video) = await InterviewAsync();
        var variables = new Dictionary<string, string>
        {
            [PipelineConfiguration.AsrEngineVariable] = "whisper",
            [PipelineConfiguration.WhisperModelVariable] = models.Whisper.Path,
            [PipelineConfiguration.WhisperSha256Variable] = models.Whisper.Sha256,
            [PipelineConfiguration.WhisperSizeVariable] = models.Whisper.SizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [PipelineConfiguration.SpeakerModelVariable] = models.Embedding.Path,
            [PipelineConfiguration.SpeakerModelSha256Variable] = models.Embedding.Sha256,
        };
        var configuration = PipelineConfiguration.FromEnvironment(name => variables.GetValueOrDefault(name));
        var work = System.IO.Directory.CreateTempSubdirectory("lifestream-speech-");
        try
        {
            using var analyzer = await SpeechAnalyzerFactory.CreateAsync(configuration.Speech, null, CancellationToken.None);
            var media = await new FfprobeMediaProber(new MediaOptions()).ProbeAsync(video, CancellationToken.None);

            var result = await analyzer.AnalyzeAsync(video, media, work.FullName, null, CancellationToken.None);

            Assert.Contains(result.Engines, e => e.Name == "whisper.net");
            Assert.Contains(result.Engines, e => e.Name.StartsWith("onnx:speaker-tiny-random.onnx", StringComparison.Ordinal));
            Assert.Empty(result.Warnings);
            Assert.NotEmpty(result.SpeechRegions);
            Assert.All(result.SpeechRegions, r => Assert.InRange(r.End, r.Start, manifest.DurationSeconds + 0.05));
            var words = result.Segments.SelectMany(s => s.Words).OrderBy(w => w.Start).ToList();
            Assert.NotEmpty(words);
            AssertInsideRegions(words, result.SpeechRegions);
            Assert.NotEmpty(result.Turns);
            Assert.All(result.Turns, t => Assert.InRange(t.End, t.Start, manifest.DurationSeconds + 0.05));
            Assert.All(result.Turns, t => Assert.True(result.SpeechRegions.Any(r => r.Overlap(new TimeRange(t.Start, t.End)) > 0), $"turn [{t.Start}, {t.End}] covers no speech"));
            Assert.Equal(result.Segments.OrderBy(s => s.Start).Select(s => s.Start), result.Segments.Select(s => s.Start));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
