using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Lifestream.Pipeline.Vad;

/// <summary>
/// One Silero VAD (v5/v6 interface) inference session: 512-sample windows at 16 kHz with a 64-sample context
/// carried over from the previous window, recurrent state [2, 1, 128]. Stateful, so not thread-safe.
/// </summary>
internal sealed class SileroVadModel : IDisposable
{
    public const int SampleRate = 16_000;
    public const int WindowSamples = 512;
    private const int ContextSamples = 64;
    private readonly InferenceSession session;

    public SileroVadModel(string modelPath)
    {
        using var sessionOptions = OnnxSessions.CreateOptions();

        // VAD is tiny and sequential; one thread leaves the other core to the rest of the pipeline.
        sessionOptions.IntraOpNumThreads = 1;
        sessionOptions.InterOpNumThreads = 1;
        sessionOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        session = OnnxSessions.Create(modelPath, sessionOptions);
    }

    /// <summary>
    /// Speech probability of every full or zero-padded final 512-sample window. The audio is read block by block,
    /// so memory does not grow with its length.
    /// </summary>
    public float[] ComputeProbabilities(AudioBuffer audio, CancellationToken cancellationToken)
    {
        const int WindowsPerBlock = 256;
        var frames = (audio.Length + WindowSamples - 1) / WindowSamples;
        var result = new float[frames];
        var input = new DenseTensor<float>([1, ContextSamples + WindowSamples]);
        var state = new DenseTensor<float>([2, 1, 128]);
        var sampleRate = new DenseTensor<long>(new[] { (long)SampleRate }, [1]);
        var inputBuffer = input.Buffer.Span;
        var block = new float[WindowsPerBlock * WindowSamples];
        var blockStart = -block.Length;
        var blockLength = 0;
        for (var f = 0; f < frames; f++)
        {
            var offset = f * WindowSamples;
            if (offset >= blockStart + block.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                blockStart = offset;
                blockLength = audio.Read(offset, block);
            }

            // Context = last 64 samples of the previous window (zeros at the start).
            inputBuffer.Slice(WindowSamples, ContextSamples).CopyTo(inputBuffer[..ContextSamples]);
            var window = inputBuffer.Slice(ContextSamples, WindowSamples);
            var inBlock = offset - blockStart;
            var available = Math.Min(WindowSamples, blockLength - inBlock);
            block.AsSpan(inBlock, available).CopyTo(window);
            window[available..].Clear();

            using var outputs = session.Run(
            [
                NamedOnnxValue.CreateFromTensor("input", input),
                NamedOnnxValue.CreateFromTensor("state", state),
                NamedOnnxValue.CreateFromTensor("sr", sampleRate),
            ]);
            var list = outputs.ToList();
            result[f] = list[0].AsTensor<float>().GetValue(0);
            var newState = list[1].AsTensor<float>();
            for (var i = 0; i < state.Length; i++)
            {
                state.SetValue(i, newState.GetValue(i));
            }
        }

        return result;
    }

    public void Dispose() => session.Dispose();
}
