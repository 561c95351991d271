using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.ModelFiles;
using Lifestream.Pipeline.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Options;
using NWaves.Filters.Fda;
using NWaves.Windows;

namespace Lifestream.Pipeline.Diarization;

/// <summary>
/// Neural speaker embeddings from an ONNX model with the WeSpeaker/ECAPA export interface: input
/// [batch, frames, mel bins] of log-mel filterbank features (25 ms / 10 ms, Hamming, mean-normalised per window;
/// the bin count is read from the model), output [batch, dim]. The file is verified against its pin before the
/// session is created. No such model is shipped by the registries reachable here, so this runs only when
/// configured (production).
/// </summary>
public sealed class OnnxSpeakerEmbedder : ISpeakerEmbedder, IDisposable
{
    private readonly PinnedModelFile model;
    private readonly SemaphoreSlim gate = new(1, 1);
    private InferenceSession? session;

    public OnnxSpeakerEmbedder(PinnedModelFile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
    }

    public string Name => $"onnx:{Path.GetFileName(model.Path)}";

    public async Task<float[][]> EmbedAsync(AudioBuffer audio, IReadOnlyList<TimeRange> windows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(windows);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (session is null)
            {
                await ModelFileVerifier.VerifyAsync(model, checkHeader: null, cancellationToken);
                session = OnnxSessions.Create(model.Path);
            }

            var loaded = session;
            return await Task.Run(() => windows.Select(w => Embed(loaded, audio, w, cancellationToken)).ToArray(), cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        session?.Dispose();
        gate.Dispose();
    }

    private static float[] Embed(InferenceSession session, AudioBuffer audio, TimeRange window, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var input = session.InputMetadata.First();
        var melBins = input.Value.Dimensions[^1] > 0 ? input.Value.Dimensions[^1] : 80;
        var features = LogMel(audio, window, melBins);
        var frames = features.Count;
        var tensor = new DenseTensor<float>([1, frames, melBins]);
        for (var t = 0; t < frames; t++)
        {
            for (var b = 0; b < melBins; b++)
            {
                tensor[0, t, b] = features[t][b];
            }
        }

        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(input.Key, tensor)]);
        return outputs[0].AsTensor<float>().ToArray();
    }

    private static List<float[]> LogMel(AudioBuffer audio, TimeRange window, int melBins)
    {
        var extractor = new FilterbankExtractor(new FilterbankOptions
        {
            SamplingRate = audio.SampleRate,
            FrameDuration = 0.025,
            HopDuration = 0.010,
            FftSize = 512,
            Window = WindowType.Hamming,
            PreEmphasis = 0.97,
            FilterBank = FilterBanks.Triangular(512, audio.SampleRate, FilterBanks.MelBands(melBins, audio.SampleRate, 20, audio.SampleRate / 2.0)),
            NonLinearity = NWaves.FeatureExtractors.Options.NonLinearityType.LogE,
            LogFloor = 1e-6f,
        });
        var samples = audio.Slice(window.Start, window.End).ToArray();
        var features = samples.Length > extractor.FrameSize ? extractor.ComputeFrom(samples) : [new float[melBins]];

        // Cepstral mean normalisation over the window, as WeSpeaker front-ends do.
        for (var b = 0; b < melBins; b++)
        {
            var mean = features.Average(f => f[b]);
            foreach (var f in features)
            {
                f[b] -= mean;
            }
        }

        return features;
    }
}
