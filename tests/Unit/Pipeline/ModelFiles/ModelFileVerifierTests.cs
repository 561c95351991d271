using System.Security.Cryptography;
using Lifestream.Pipeline.ModelFiles;
using Lifestream.Pipeline.Vad;
using Lifestream.Tests.Unit.Pipeline.Speech;

namespace Lifestream.Tests.Unit.Pipeline.ModelFiles;

public class ModelFileVerifierTests
{
    private static PinnedModelFile PinFor(string path, byte[] content)
        => new(path, Convert.ToHexStringLower(SHA256.HashData(content)), content.Length, "Test:ModelPath");

    [Fact]
    public async Task Matching_file_passes()
    {
        using var dir = new TempDirectory();
        var content = RandomNumberGenerator.GetBytes(4096);
        await File.WriteAllBytesAsync(dir.File("m.bin"), content);

        await ModelFileVerifier.VerifyAsync(PinFor(dir.File("m.bin"), content), null, CancellationToken.None);
    }

    [Fact]
    public async Task Missing_file_names_the_setting()
    {
        using var dir = new TempDirectory();

        var ex = await Assert.ThrowsAsync<ModelFileMissingException>(() => ModelFileVerifier.VerifyAsync(new PinnedModelFile(dir.File("absent.onnx"), new string('0', 64), 1, "Vad:ModelPath"), null, CancellationToken.None));

        Assert.Equal("Vad:ModelPath", ex.SettingName);
        Assert.Contains("Vad:ModelPath", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_file_fails_the_size_check()
    {
        using var dir = new TempDirectory();
        var content = RandomNumberGenerator.GetBytes(4096);
        await File.WriteAllBytesAsync(dir.File("m.bin"), content[..1000]);

        var ex = await Assert.ThrowsAsync<ModelFileSizeMismatchException>(() => ModelFileVerifier.VerifyAsync(PinFor(dir.File("m.bin"), content), null, CancellationToken.None));

        Assert.Equal((4096L, 1000L), (ex.ExpectedBytes, ex.ActualBytes));
    }

    [Fact]
    public async Task Same_size_but_one_flipped_byte_fails_the_hash_check()
    {
        using var dir = new TempDirectory();
        var content = RandomNumberGenerator.GetBytes(4096);
        var corrupt = (byte[])content.Clone();
        corrupt[2000] ^= 0xFF;
        await File.WriteAllBytesAsync(dir.File("m.bin"), corrupt);

        var ex = await Assert.ThrowsAsync<ModelFileHashMismatchException>(() => ModelFileVerifier.VerifyAsync(PinFor(dir.File("m.bin"), content), null, CancellationToken.None));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(corrupt)), ex.ActualSha256);
    }

    [Fact]
    public async Task Silero_vad_detector_rejects_a_file_that_is_not_the_pinned_model()
    {
        using var dir = new TempDirectory();
        await File.WriteAllBytesAsync(dir.File("silero_vad.onnx"), new byte[SileroVadModelPin.SizeBytes]);
        using var vad = new SileroVoiceActivityDetector(new VadOptions { ModelPath = dir.File("silero_vad.onnx") });

        var audio = new Lifestream.Pipeline.Media.AudioBuffer(new float[16000], 16000);

        var ex = await Assert.ThrowsAsync<ModelFileHashMismatchException>(() => vad.DetectAsync(audio, CancellationToken.None));
        Assert.Equal("VadOptions.ModelPath", ex.SettingName);
    }

    [Fact]
    public void Vad_pin_matches_the_committed_lock_manifest()
    {
        var lockFile = FindRepoFile("tools/models/models.lock.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(lockFile));
        var model = json.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("file").GetString() == SileroVadModelPin.FileName);

        Assert.Equal(SileroVadModelPin.Sha256, model.GetProperty("sha256").GetString());
        Assert.Equal(SileroVadModelPin.SizeBytes, model.GetProperty("sizeBytes").GetInt64());
    }

    internal static string FindRepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"'{relative}' not found above {AppContext.BaseDirectory}.");
    }
}
