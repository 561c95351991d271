using Lifestream.Pipeline.Asr.Whisper;
using Lifestream.Pipeline.Diarization;
using Lifestream.Evaluation;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.ModelFiles;

namespace Lifestream.Tests.Integration.Speech;

/// <summary>
/// Engines that need a model file no reachable registry provides. They run when the model is supplied through
/// the environment and report themselves skipped (with the reason) otherwise.
/// </summary>
public sealed class ModelRuntimeTests
{
    private const string WhisperModelVariable = "LIFESTREAM_WHISPER_MODEL";
    private const string EmbeddingModelVariable = "LIFESTREAM_SPEAKER_EMBEDDING_MODEL";

    private static (string Path, string Sha256, long Size)? FromEnvironment(string variable)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        var sha = Environment.GetEnvironmentVariable(variable + "_SHA256");
        var size = Environment.GetEnvironmentVariable(variable + "_SIZE");
        return path is null || sha is null || !long.TryParse(size, out var bytes) ? null : (path, sha, bytes);
    }

    [SkippableFact]
    public async Task Whisper_transcribes_the_interview_fixture()
    {
        var model = FromEnvironment(WhisperModelVariable);
        Skip.If(model is null, $"No ggml Whisper model is obtainable from the registries reachable here (Debian, NuGet, npm). Set {WhisperModelVariable}, {WhisperModelVariable}_SHA256 and {WhisperModelVariable}_SIZE (e.g. ggml-base.en.bin) to run this test.");

        using var recognizer = await WhisperRecognizer.CreateAsync(new WhisperOptions { ModelPath = model!.Value.Path, ModelSha256 = model.Value.Sha256, ModelSizeBytes = model.Value.Size }, CancellationToken.None);
        var fixture = TestFixtures.Fixture("interview-20s");
        var manifest = await FixtureManifest.LoadAsync(fixture, CancellationToken.None);
        var audio = await new FfmpegAudioExtractor(new MediaOptions()).ExtractAsync(Path.Combine(fixture, manifest.Video), manifest.DurationSeconds, CancellationToken.None);

        var words = await recognizer.RecognizeAsync(audio, manifest.Turns.Select(t => new Lifestream.Pipeline.Model.TimeRange(t.Start - 0.2, t.End + 0.2)).ToList(), CancellationToken.None);
        var wer = WordErrorRate.Compute(string.Join(' ', manifest.Turns.Select(t => t.Text)), string.Join(' ', words.Select(w => w.Text)));

        Assert.InRange(wer.Rate, 0, 0.5);
    }

    [SkippableFact]
    public async Task Onnx_speaker_embeddings_separate_the_interview_voices()
    {
        var model = FromEnvironment(EmbeddingModelVariable);
        Skip.If(model is null, $"No speaker-embedding ONNX model (WeSpeaker/ECAPA) is shipped by any reachable registry. Set {EmbeddingModelVariable}, {EmbeddingModelVariable}_SHA256 and {EmbeddingModelVariable}_SIZE to run this test.");

        using var embedder = new OnnxSpeakerEmbedder(new PinnedModelFile(model!.Value.Path, model.Value.Sha256, model.Value.Size, EmbeddingModelVariable));
        var diarizer = new ClusteringDiarizer(new DiarizationOptions(), embedder);
        var fixture = TestFixtures.Fixture("interview-20s");
        var manifest = await FixtureManifest.LoadAsync(fixture, CancellationToken.None);
        var audio = await new FfmpegAudioExtractor(new MediaOptions()).ExtractAsync(Path.Combine(fixture, manifest.Video), manifest.DurationSeconds, CancellationToken.None);
        var reference = manifest.Turns.Select(t => new Lifestream.Pipeline.Model.SpeakerTurn(t.Speaker, t.Start, t.End)).ToList();

        var turns = await diarizer.DiarizeAsync(audio, reference.Select(t => new Lifestream.Pipeline.Model.TimeRange(t.Start, t.End)).ToList(), CancellationToken.None);

        Assert.InRange(DiarizationErrorRate.Compute(reference, turns).Rate, 0, 0.1);
    }

    [Fact]
    public async Task Missing_embedding_model_is_reported_with_the_setting_before_any_session_is_created()
    {
        using var embedder = new OnnxSpeakerEmbedder(new PinnedModelFile("/nonexistent/wespeaker.onnx", new string('0', 64), 100, "DiarizationOptions.EmbeddingModelPath"));

        var ex = await Assert.ThrowsAsync<ModelFileMissingException>(() => embedder.EmbedAsync(new AudioBuffer(new float[16000], 16000), [new(0, 1)], CancellationToken.None));

        Assert.Equal("DiarizationOptions.EmbeddingModelPath", ex.SettingName);
    }
}
