using System.Buffers.Binary;
using Lifestream.Pipeline.Media;
using Lifestream.Tests.Unit.Pipeline.Speech;

namespace Lifestream.Tests.Unit.Pipeline.Media;

/// <summary>The file-backed store must read exactly what the in-memory one holds, for any range, from any thread.</summary>
public class AudioBufferTests
{
    private const int Rate = 16000;

    [Fact]
    public void A_pcm_file_reads_back_the_samples_it_holds_for_any_range()
    {
        using var dir = new TempDirectory();
        var pcm = Ramp(Rate * 3 + 17);
        var path = Write(dir.File("a.s16le"), pcm);
        var expected = new AudioBuffer(pcm.Select(s => s / 32768f).ToArray(), Rate);

        using var audio = AudioBuffer.OpenPcmFile(path, Rate, deleteWhenDisposed: false);

        Assert.True(audio.IsFileBacked);
        Assert.Equal(expected.Length, audio.Length);
        Assert.Equal(expected.DurationSeconds, audio.DurationSeconds);
        foreach (var (start, end) in new[] { (0.0, 0.5), (0.2501, 2.9), (1.0, 1.0), (2.9, 10.0), (-1.0, 0.01) })
        {
            Assert.Equal(expected.Slice(start, end).ToArray(), audio.Slice(start, end).ToArray());
        }
    }

    [Fact]
    public void Reading_past_the_end_copies_only_what_is_there()
    {
        using var dir = new TempDirectory();
        using var audio = AudioBuffer.OpenPcmFile(Write(dir.File("b.s16le"), Ramp(100_000)), Rate, deleteWhenDisposed: false);
        var block = new float[70_000];

        Assert.Equal(70_000, audio.Read(0, block));
        Assert.Equal(30_000, audio.Read(70_000, block));
        Assert.Equal((short)(99_999 % 20_000 - 10_000) / 32768f, block[29_999]);
        Assert.Equal(0, audio.Read(100_000, block));
    }

    [Fact]
    public async Task Concurrent_readers_get_their_own_ranges()
    {
        using var dir = new TempDirectory();
        var pcm = Ramp(Rate * 10);
        using var audio = AudioBuffer.OpenPcmFile(Write(dir.File("c.s16le"), pcm), Rate, deleteWhenDisposed: false);

        var slices = await Task.WhenAll(Enumerable.Range(0, 10).Select(second => Task.Run(() => audio.Slice(second, second + 1).ToArray())));

        for (var second = 0; second < 10; second++)
        {
            Assert.Equal(pcm.Skip(second * Rate).Take(Rate).Select(s => s / 32768f), slices[second]);
        }
    }

    [Fact]
    public void Disposing_a_scratch_buffer_deletes_its_file_and_later_reads_fail_clearly()
    {
        using var dir = new TempDirectory();
        var path = Write(dir.File("d.s16le"), Ramp(Rate));
        var audio = AudioBuffer.OpenPcmFile(path, Rate, deleteWhenDisposed: true);

        audio.Dispose();
        audio.Dispose();

        Assert.False(File.Exists(path));
        Assert.Throws<ObjectDisposedException>(() => audio.Read(0, new float[10]));
    }

    private static short[] Ramp(int count) => Enumerable.Range(0, count).Select(i => (short)(i % 20_000 - 10_000)).ToArray();

    private static string Write(string path, short[] pcm)
    {
        var bytes = new byte[pcm.Length * 2];
        for (var i = 0; i < pcm.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), pcm[i]);
        }

        File.WriteAllBytes(path, bytes);
        return path;
    }
}
