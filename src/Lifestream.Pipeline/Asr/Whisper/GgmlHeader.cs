using System.Buffers.Binary;
using Lifestream.Pipeline.ModelFiles;

namespace Lifestream.Pipeline.Asr.Whisper;

/// <summary>
/// Checks the whisper.cpp ggml header: magic 0x67676d6c ("ggml") then eleven int32 hyper-parameters
/// (n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head,
/// n_text_layer, n_mels, ftype) that must be in plausible ranges.
/// </summary>
internal static class GgmlHeader
{
    public const uint Magic = 0x67676d6c;
    private const int HeaderBytes = 4 + (11 * 4);

    public static void Check(Stream stream, string settingName, string path)
    {
        var header = new byte[HeaderBytes];
        var read = 0;
        while (read < HeaderBytes)
        {
            var n = stream.Read(header, read, HeaderBytes - read);
            if (n == 0)
            {
                throw new ModelFileFormatException(settingName, path, $"file is shorter than the {HeaderBytes}-byte ggml header");
            }

            read += n;
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (magic != Magic)
        {
            throw new ModelFileFormatException(settingName, path, $"ggml magic 0x{Magic:x8} expected, found 0x{magic:x8}");
        }

        int Field(int index) => BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4 + (index * 4), 4));
        var vocabulary = Field(0);
        var melBins = Field(9);
        var audioLayers = Field(4);
        var textLayers = Field(8);
        if (vocabulary is < 1000 or > 1_000_000 || melBins is not (80 or 128) || audioLayers is < 1 or > 128 || textLayers is < 1 or > 128)
        {
            throw new ModelFileFormatException(settingName, path, $"implausible ggml hyper-parameters (n_vocab={vocabulary}, n_mels={melBins}, n_audio_layer={audioLayers}, n_text_layer={textLayers})");
        }
    }
}
