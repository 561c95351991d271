using System.Globalization;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.ModelFiles;

namespace Lifestream.Pipeline.Vad;

/// <summary>
/// Silero VAD on ONNX Runtime. The model file is verified against its pinned size and SHA-256 before the
/// session is created (once, on first use).
/// </summary>
public sealed class SileroVoiceActivityDetector : IVoiceActivityDetector, IDisposable
{
    private readonly VadOptions options;
    private readonly SemaphoreSlim gate = new(1, 1);
    private SileroVadModel? model;

    public SileroVoiceActivityDetector(VadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalidArgument();
        this.options = options;
        Engine = new EngineInfo("vad", "silero-vad", SileroVadModelPin.Source, new Dictionary<string, string>
        {
            ["threshold"] = options.Threshold.ToString(CultureInfo.InvariantCulture),
            ["negativeThreshold"] = options.EffectiveNegativeThreshold.ToString(CultureInfo.InvariantCulture),
            ["minSpeechSeconds"] = options.MinSpeechSeconds.ToString(CultureInfo.InvariantCulture),
            ["minSilenceSeconds"] = options.MinSilenceSeconds.ToString(CultureInfo.InvariantCulture),
            ["speechPadSeconds"] = options.SpeechPadSeconds.ToString(CultureInfo.InvariantCulture),
            ["maxRegionSeconds"] = options.MaxRegionSeconds.ToString(CultureInfo.InvariantCulture),
            ["modelSha256"] = options.ModelSha256,
        });
    }

    public EngineInfo Engine { get; }

    public async Task<IReadOnlyList<TimeRange>> DetectAsync(AudioBuffer audio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.SampleRate != SileroVadModel.SampleRate)
        {
            throw new ArgumentException($"Silero VAD needs {SileroVadModel.SampleRate} Hz audio; got {audio.SampleRate} Hz.", nameof(audio));
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            model ??= await LoadAsync(cancellationToken);
            var loaded = model;
            var probabilities = await Task.Run(() => loaded.ComputeProbabilities(audio, cancellationToken), cancellationToken);
            return SpeechFrameSegmenter.Segment(probabilities, (double)SileroVadModel.WindowSamples / SileroVadModel.SampleRate, audio.DurationSeconds, options);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        model?.Dispose();
        gate.Dispose();
    }

    private async Task<SileroVadModel> LoadAsync(CancellationToken cancellationToken)
    {
        var pin = new PinnedModelFile(options.ModelPath, options.ModelSha256, options.ModelSizeBytes, "VadOptions.ModelPath");
        await ModelFileVerifier.VerifyAsync(pin, checkHeader: null, cancellationToken);
        return new SileroVadModel(options.ModelPath);
    }
}
