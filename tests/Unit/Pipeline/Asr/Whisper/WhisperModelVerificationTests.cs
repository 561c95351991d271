using System.Buffers.Binary;
using System.Security.Cryptography;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Asr;
using Lifestream.Pipeline.Asr.PocketSphinx;
using Lifestream.Pipeline.Asr.Whisper;
using Lifestream.Pipeline.ModelFiles;
using Lifestream.Tests.Unit.Pipeline.Speech;
using Microsoft.Extensions.Logging.Abstractions;
using Whisper.net;

namespace Lifestream.Tests.Unit.Pipeline.Asr.Whisper;

/// <summary>
/// A truncated or corrupt ggml file aborts the whole process inside whisper.cpp, so every bad file must be
/// refused before the native load. The load is a seam here: each test records whether it was reached (and if a
/// bad file ever reached the real loader, this test process would die instead of failing).
/// </summary>
public class WhisperModelVerificationTests
{
    private sealed class NativeLoadReachedException : Exception;

    private int nativeLoads;

    private WhisperFactory RecordingLoader(string path)
    {
        nativeLoads++;
        throw new NativeLoadReachedException();
    }

    /// <summary>A ggml-shaped file: magic, tiny.en-like hyper-parameters, random payload.</summary>
    private static byte[] GgmlFile(int payloadBytes = 8192, uint magic = GgmlHeader.Magic, int melBins = 80)
    {
        var bytes = new byte[48 + payloadBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, magic);
        int[] hyper = [51864, 1500, 384, 6, 4, 448, 384, 6, 4, melBins, 1];
        for (var i = 0; i < hyper.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 + (i * 4)), hyper[i]);
        }

        RandomNumberGenerator.Fill(bytes.AsSpan(48));
        return bytes;
    }

    private static WhisperOptions OptionsPinnedTo(string path, byte[] content)
        => new() { ModelPath = path, ModelSha256 = Convert.ToHexStringLower(SHA256.HashData(content)), ModelSizeBytes = content.Length };

    [Fact]
    public async Task Truncated_ggml_is_rejected_before_the_native_load()
    {
        using var dir = new TempDirectory();
        var model = GgmlFile();
        await File.WriteAllBytesAsync(dir.File("ggml.bin"), model[..(model.Length / 2)]);

        await Assert.ThrowsAsync<ModelFileSizeMismatchException>(() => WhisperRecognizer.CreateAsync(OptionsPinnedTo(dir.File("ggml.bin"), model), RecordingLoader, CancellationToken.None));

        Assert.Equal(0, nativeLoads);
    }

    [Fact]
    public async Task Corrupt_ggml_with_valid_header_and_size_is_rejected_before_the_native_load()
    {
        using var dir = new TempDirectory();
        var model = GgmlFile();
        var corrupt = (byte[])model.Clone();
        corrupt[^10] ^= 0x5A;
        await File.WriteAllBytesAsync(dir.File("ggml.bin"), corrupt);

        await Assert.ThrowsAsync<ModelFileHashMismatchException>(() => WhisperRecognizer.CreateAsync(OptionsPinnedTo(dir.File("ggml.bin"), model), RecordingLoader, CancellationToken.None));

        Assert.Equal(0, nativeLoads);
    }

    [Theory]
    [InlineData(0x46554747u, 80)] // "GGUF": a different container format
    [InlineData(GgmlHeader.Magic, 7)] // implausible mel-bin count
    public async Task File_pinned_correctly_but_without_a_whisper_ggml_header_is_rejected(uint magic, int melBins)
    {
        using var dir = new TempDirectory();
        var model = GgmlFile(magic: magic, melBins: melBins);
        await File.WriteAllBytesAsync(dir.File("ggml.bin"), model);

        await Assert.ThrowsAsync<ModelFileFormatException>(() => WhisperRecognizer.CreateAsync(OptionsPinnedTo(dir.File("ggml.bin"), model), RecordingLoader, CancellationToken.None));

        Assert.Equal(0, nativeLoads);
    }

    [Fact]
    public async Task File_shorter_than_the_header_is_a_format_error()
    {
        using var dir = new TempDirectory();
        byte[] model = [0x6c, 0x6d, 0x67, 0x67, 1, 2];
        await File.WriteAllBytesAsync(dir.File("ggml.bin"), model);

        await Assert.ThrowsAsync<ModelFileFormatException>(() => WhisperRecognizer.CreateAsync(OptionsPinnedTo(dir.File("ggml.bin"), model), RecordingLoader, CancellationToken.None));
    }

    [Fact]
    public async Task Verified_file_reaches_the_native_load()
    {
        using var dir = new TempDirectory();
        var model = GgmlFile();
        await File.WriteAllBytesAsync(dir.File("ggml.bin"), model);

        await Assert.ThrowsAsync<NativeLoadReachedException>(() => WhisperRecognizer.CreateAsync(OptionsPinnedTo(dir.File("ggml.bin"), model), RecordingLoader, CancellationToken.None));

        Assert.Equal(1, nativeLoads);
    }

    [Fact]
    public async Task Runtime_refusal_of_a_verified_file_becomes_a_typed_error()
    {
        using var dir = new TempDirectory();
        var model = GgmlFile();
        await File.WriteAllBytesAsync(dir.File("ggml.bin"), model);

        var ex = await Assert.ThrowsAsync<WhisperModelLoadFailedException>(() => WhisperRecognizer.CreateAsync(OptionsPinnedTo(dir.File("ggml.bin"), model), _ => throw new WhisperModelLoadException("refused"), CancellationToken.None));

        Assert.Contains(WhisperOptions.ModelPathSetting, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "0000000000000000000000000000000000000000000000000000000000000000", 1, WhisperOptions.ModelPathSetting)]
    [InlineData("/m.bin", "abc", 1, WhisperOptions.ModelSha256Setting)]
    [InlineData("/m.bin", "0000000000000000000000000000000000000000000000000000000000000000", 0, WhisperOptions.ModelSizeSetting)]
    public void Invalid_options_name_the_setting(string path, string sha, long size, string setting)
    {
        var ex = Assert.Throws<ArgumentException>(() => new WhisperOptions { ModelPath = path, ModelSha256 = sha, ModelSizeBytes = size }.ThrowIfInvalidArgument());

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_whisper_model_without_fallback_is_an_error_naming_the_setting()
    {
        var options = new AsrOptions { Engine = AsrEngine.Whisper, Whisper = new WhisperOptions { ModelPath = "/nonexistent/ggml-base.en.bin", ModelSha256 = new string('a', 64), ModelSizeBytes = 10 } };

        var ex = await Assert.ThrowsAsync<ModelFileMissingException>(() => SpeechRecognizerFactory.CreateAsync(options, NullLogger.Instance, CancellationToken.None));

        Assert.Equal(WhisperOptions.ModelPathSetting, ex.SettingName);
    }

    [SkippableFact]
    public async Task Missing_whisper_model_with_fallback_gives_pocketsphinx_and_a_warning()
    {
        Skip.IfNot(Directory.Exists(PocketSphinxOptions.DebianModelDirectory), "Debian package pocketsphinx-en-us is not installed (build.sh Setup installs it).");
        var options = new AsrOptions { Engine = AsrEngine.Whisper, FallBackToPocketSphinx = true, Whisper = new WhisperOptions { ModelPath = "/nonexistent/ggml-base.en.bin", ModelSha256 = new string('a', 64), ModelSizeBytes = 10 } };

        var (recognizer, warning) = await SpeechRecognizerFactory.CreateAsync(options, NullLogger.Instance, CancellationToken.None);

        Assert.IsType<PocketSphinxRecognizer>(recognizer);
        Assert.Contains("fell back to pocketsphinx", warning, StringComparison.Ordinal);
        ((IDisposable)recognizer).Dispose();
    }
}
