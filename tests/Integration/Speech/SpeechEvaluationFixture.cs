using Lifestream.Evaluation;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.ModelFiles;
using Lifestream.Pipeline.Speech;
using Lifestream.Pipeline.Vad;

namespace Lifestream.Tests.Integration.Speech;

/// <summary>
/// Runs the real offline speech branch (ffmpeg, Silero VAD on ONNX Runtime, pocketsphinx, MFCC diarization) once
/// over the committed fixtures and Debian's pocketsphinx-testdata; the tests read the shared report.
/// </summary>
public sealed class SpeechEvaluationFixture : IAsyncLifetime
{
    public SpeechEvaluationReport Report { get; private set; } = null!;

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "lifestream-speech-eval-" + Guid.NewGuid().ToString("N"));

    public static string VadModelPath => Path.Combine(TestFixtures.Root, "tools", "models", SileroVadModelPin.FileName);

    public static SpeechAnalyzerOptions Options => new() { Vad = new VadOptions { ModelPath = VadModelPath } };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDirectory);
        RequireSetup();
        using var analyzer = await SpeechAnalyzerFactory.CreateAsync(Options, null, CancellationToken.None);
        var evaluator = new SpeechEvaluator(analyzer, new FfprobeMediaProber(new MediaOptions()));
        Report = await evaluator.EvaluateAsync(TestFixtures.Directory, SphinxTranscriptionCorpus.DebianLibrivoxDirectory, WorkDirectory, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(WorkDirectory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>These are setup steps (build.sh Setup), not optional extras: missing ones fail loudly with the fix.</summary>
    public static void RequireSetup()
    {
        if (!File.Exists(VadModelPath))
        {
            throw new InvalidOperationException($"Silero VAD model missing at '{VadModelPath}': run tools/models/fetch-models.sh.");
        }

        if (!Directory.Exists(SphinxTranscriptionCorpus.DebianLibrivoxDirectory))
        {
            throw new InvalidOperationException("pocketsphinx-testdata is missing: apt-get install pocketsphinx-testdata.");
        }
    }

    public FixtureSpeechScore Fixture(string name) => Report.Fixtures.Single(f => f.Name == name);
}

/// <summary>One evaluation run shared by every test class that needs it.</summary>
[CollectionDefinition(Name)]
public sealed class SpeechEvaluationCollection : ICollectionFixture<SpeechEvaluationFixture>
{
    public const string Name = "speech-evaluation";
}
