using System.Security.Cryptography;
using System.Text;

namespace Lifestream.Tests;

/// <summary>
/// Writes a tiny Whisper model in whisper.cpp's legacy ggml format with seeded random weights, so the real native
/// runtime can load and run it (no real model is obtainable here). The layout is the one
/// whisper.cpp's <c>whisper_model_load</c> reads and <c>models/convert-pt-to-ggml.py</c> writes:
/// <list type="number">
/// <item>magic 0x67676d6c, then eleven int32 hyper-parameters (n_vocab, n_audio_ctx, n_audio_state,
/// n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype);</item>
/// <item>mel filters: int32 n_mel, int32 n_fft, then n_mel × n_fft float32;</item>
/// <item>vocabulary: int32 count, then per token an int32 byte length and the bytes (the loader names the
/// remaining ids up to n_vocab itself: [_EOT_], [_SOT_], [_BEG_], [_TT_n] …);</item>
/// <item>tensors until end of file: int32 n_dims, int32 name length, int32 type (0 f32, 1 f16), n_dims int32
/// extents in ggml order (innermost first, i.e. the PyTorch shape reversed), the name, then the data.</item>
/// </list>
/// Every tensor the loader creates must appear once with its exact extents and type: with ftype 1 the big
/// matrices and the conv kernels are f16, biases, norms and positional embeddings f32 (as the converter writes).
/// n_vocab 51864 is the English-only vocabulary (special tokens at the fixed ids the loader assumes);
/// n_audio_ctx must stay 1500 (30 s of 10 ms mel frames after the stride-2 conv); n_text_ctx 448 as in every
/// release. Only the widths and depths are tiny.
/// </summary>
internal static class TinyWhisperModel
{
    public const uint Magic = 0x67676d6c;
    public const int Vocabulary = 51864;
    public const int AudioContext = 1500;
    public const int TextContext = 448;
    public const int MelBins = 80;
    public const int FftBins = 201;
    public const int WrittenTokens = 50256;

    private const int TypeF32 = 0;
    private const int TypeF16 = 1;

    /// <summary>Writes the model to <paramref name="path"/> and returns its pin (as a real model's would be pinned).</summary>
    public static (string Path, string Sha256, long SizeBytes) Write(string path, int state = 32, int heads = 2, int layers = 1, int seed = 17)
    {
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
        using (var writer = new BinaryWriter(stream))
        {
            Write(writer, state, heads, layers, new Random(seed));
        }

        using var read = File.OpenRead(path);
        return (path, Convert.ToHexStringLower(SHA256.HashData(read)), new FileInfo(path).Length);
    }

    private static void Write(BinaryWriter w, int state, int heads, int layers, Random random)
    {
        w.Write(Magic);
        foreach (var value in new[] { Vocabulary, AudioContext, state, heads, layers, TextContext, state, heads, layers, MelBins, TypeF16 })
        {
            w.Write(value);
        }

        w.Write(MelBins);
        w.Write(FftBins);
        foreach (var value in MelFilters())
        {
            w.Write(value);
        }

        w.Write(WrittenTokens);
        for (var id = 0; id < WrittenTokens; id++)
        {
            var bytes = Encoding.ASCII.GetBytes(TokenText(id));
            w.Write(bytes.Length);
            w.Write(bytes);
        }

        void Tensor(string name, int type, float scale, float offset, params int[] extents)
        {
            var nameBytes = Encoding.ASCII.GetBytes(name);
            w.Write(extents.Length);
            w.Write(nameBytes.Length);
            w.Write(type);
            foreach (var extent in extents)
            {
                w.Write(extent);
            }

            w.Write(nameBytes);
            var count = extents.Aggregate(1, (a, b) => a * b);
            for (var i = 0; i < count; i++)
            {
                var value = offset + (scale * (float)((random.NextDouble() * 2) - 1));
                if (type == TypeF16)
                {
                    w.Write((Half)value);
                }
                else
                {
                    w.Write(value);
                }
            }
        }

        void Norm(string prefix, int width)
        {
            Tensor(prefix + ".weight", TypeF32, 0.1f, 1f, width);
            Tensor(prefix + ".bias", TypeF32, 0.1f, 0f, width);
        }

        void Linear(string prefix, int inputs, int outputs, bool bias = true)
        {
            Tensor(prefix + ".weight", TypeF16, 1f / MathF.Sqrt(inputs), 0f, inputs, outputs);
            if (bias)
            {
                Tensor(prefix + ".bias", TypeF32, 0.02f, 0f, outputs);
            }
        }

        void Attention(string prefix)
        {
            Linear(prefix + ".query", state, state);
            Linear(prefix + ".key", state, state, bias: false);
            Linear(prefix + ".value", state, state);
            Linear(prefix + ".out", state, state);
        }

        void Mlp(string prefix)
        {
            Norm(prefix + ".mlp_ln", state);
            Linear(prefix + ".mlp.0", state, 4 * state);
            Linear(prefix + ".mlp.2", 4 * state, state);
        }

        Tensor("encoder.positional_embedding", TypeF32, 0.5f, 0f, state, AudioContext);
        Tensor("encoder.conv1.weight", TypeF16, 0.1f, 0f, 3, MelBins, state);
        Tensor("encoder.conv1.bias", TypeF32, 0.02f, 0f, 1, state);
        Tensor("encoder.conv2.weight", TypeF16, 0.1f, 0f, 3, state, state);
        Tensor("encoder.conv2.bias", TypeF32, 0.02f, 0f, 1, state);
        for (var layer = 0; layer < layers; layer++)
        {
            var prefix = $"encoder.blocks.{layer}";
            Norm(prefix + ".attn_ln", state);
            Attention(prefix + ".attn");
            Mlp(prefix);
        }

        Norm("encoder.ln_post", state);

        Tensor("decoder.positional_embedding", TypeF32, 0.5f, 0f, state, TextContext);
        Tensor("decoder.token_embedding.weight", TypeF16, 1f, 0f, state, Vocabulary);
        for (var layer = 0; layer < layers; layer++)
        {
            var prefix = $"decoder.blocks.{layer}";
            Norm(prefix + ".attn_ln", state);
            Attention(prefix + ".attn");
            Norm(prefix + ".cross_attn_ln", state);
            Attention(prefix + ".cross_attn");
            Mlp(prefix);
        }

        Norm("decoder.ln", state);
    }

    /// <summary>GPT-2's id of the lone space: whisper.cpp's suppress_blank looks it up with <c>token_to_id.at(" ")</c> and aborts the process if it is missing.</summary>
    public const int SpaceToken = 220;

    /// <summary>Deterministic ASCII tokens: half start with a space (a new word), as byte-level BPE vocabularies do.</summary>
    public static string TokenText(int id)
    {
        if (id == SpaceToken)
        {
            return " ";
        }

        const string consonants = "bdfgklmnprstvz";
        const string vowels = "aeiou";
        var syllable = $"{consonants[id % consonants.Length]}{vowels[(id / consonants.Length) % vowels.Length]}";
        return id % 2 == 0 ? " " + syllable : syllable;
    }

    /// <summary>A triangular mel filterbank (80 bands over the 201 bins of a 400-point FFT at 16 kHz), as Whisper's mel_filters.npz holds.</summary>
    private static IEnumerable<float> MelFilters()
    {
        static double Mel(double hz) => 2595 * Math.Log10(1 + (hz / 700));
        static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
        var edges = Enumerable.Range(0, MelBins + 2).Select(i => Hz(Mel(8000) * i / (MelBins + 1))).ToArray();
        for (var band = 0; band < MelBins; band++)
        {
            for (var bin = 0; bin < FftBins; bin++)
            {
                var hz = bin * 8000.0 / (FftBins - 1);
                var rise = (hz - edges[band]) / (edges[band + 1] - edges[band]);
                var fall = (edges[band + 2] - hz) / (edges[band + 2] - edges[band + 1]);
                yield return (float)Math.Max(0, Math.Min(rise, fall)) * (float)(2 / (edges[band + 2] - edges[band]));
            }
        }
    }
}
