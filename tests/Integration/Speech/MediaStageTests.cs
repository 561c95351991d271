using System.Diagnostics;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Speech;

namespace Lifestream.Tests.Integration.Speech;

/// <summary>Probe and audio extraction with the real ffmpeg.</summary>
public sealed class MediaStageTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("lifestream-media-").FullName;
    private readonly FfprobeMediaProber prober = new(new MediaOptions());
    private readonly FfmpegAudioExtractor extractor = new(new MediaOptions());

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Fixture_probes_and_extracts_to_16_kHz_mono()
    {
        var video = Path.Combine(TestFixtures.Fixture("interview-20s"), "interview-20s.mp4");

        var media = await prober.ProbeAsync(video, CancellationToken.None);
        var audio = await extractor.ExtractAsync(video, media.DurationSeconds, CancellationToken.None);

        Assert.True(media.HasVideo && media.HasAudio);
        Assert.Equal(20, media.DurationSeconds, 0.1);
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(media.DurationSeconds, audio.DurationSeconds, 0.1);
        var samples = audio.Slice(0, audio.DurationSeconds).ToArray();
        Assert.Contains(samples, s => Math.Abs(s) > 0.05f);
        Assert.All(samples, s => Assert.InRange(s, -1f, 1f));
    }

    [Fact]
    public async Task Extraction_to_a_pcm_file_gives_the_same_samples_and_deletes_the_file_when_disposed()
    {
        var video = Path.Combine(TestFixtures.Fixture("interview-20s"), "interview-20s.mp4");
        var pcm = Path.Combine(dir, "audio.s16le");
        var inMemory = await extractor.ExtractAsync(video, 20, CancellationToken.None);

        using (var fromFile = await extractor.ExtractToFileAsync(video, pcm, CancellationToken.None))
        {
            Assert.True(fromFile.IsFileBacked);
            Assert.Equal(new FileInfo(pcm).Length, fromFile.Length * 2L);
            Assert.Equal(inMemory.Length, fromFile.Length);
            Assert.Equal(inMemory.Slice(3.5, 7.25).ToArray(), fromFile.Slice(3.5, 7.25).ToArray());
        }

        Assert.False(File.Exists(pcm));
    }

    [Fact]
    public async Task A_failed_extraction_to_a_file_leaves_no_file()
    {
        var junk = Path.Combine(dir, "junk.mp4");
        await File.WriteAllTextAsync(junk, "not a video");
        var pcm = Path.Combine(dir, "junk.s16le");

        await Assert.ThrowsAsync<MediaUnreadableException>(() => extractor.ExtractToFileAsync(junk, pcm, CancellationToken.None));

        Assert.False(File.Exists(pcm));
    }

    [Fact]
    public async Task Video_without_audio_is_valid_and_gives_an_empty_speech_result_with_the_reason()
    {
        var video = Path.Combine(dir, "silent.mp4");
        await Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=duration=2:size=160x90:rate=10", "-an", "-pix_fmt", "yuv420p", video);
        using var analyzer = await SpeechAnalyzerFactory.CreateAsync(SpeechEvaluationFixture.Options, null, CancellationToken.None);

        var media = await prober.ProbeAsync(video, CancellationToken.None);
        var result = await analyzer.AnalyzeAsync(video, media, dir, null, CancellationToken.None);

        Assert.True(media.HasVideo);
        Assert.False(media.HasAudio);
        Assert.Empty(result.Segments);
        Assert.Contains(result.Warnings, w => w.Contains("no audio stream", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreadable_input_is_a_clear_error()
    {
        var junk = Path.Combine(dir, "junk.mp4");
        await File.WriteAllBytesAsync(junk, Enumerable.Range(0, 5000).Select(i => (byte)(i * 31)).ToArray());

        var probe = await Assert.ThrowsAsync<MediaUnreadableException>(() => prober.ProbeAsync(junk, CancellationToken.None));
        var extract = await Assert.ThrowsAsync<MediaUnreadableException>(() => extractor.ExtractAsync(junk, 1, CancellationToken.None));

        Assert.Contains(junk, probe.Message, StringComparison.Ordinal);
        Assert.Equal("audio", extract.Stage);
        await Assert.ThrowsAsync<MediaNotFoundException>(() => prober.ProbeAsync(Path.Combine(dir, "absent.mp4"), CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_extraction_stops_ffmpeg_and_leaves_no_pcm_file()
    {
        // 20 minutes of tone: long enough that ffmpeg is still writing when the cancellation arrives.
        var wav = Path.Combine(dir, "long.flac");
        await Run("sox", "-n", "-r", "44100", "-c", "2", wav, "synth", "1200", "sine", "440", "vol", "0.3");
        var pcm = Path.Combine(dir, "long.s16le");
        using var cts = new CancellationTokenSource();

        var extraction = extractor.ExtractToFileAsync(wav, pcm, cts.Token);
        while (!extraction.IsCompleted && !(File.Exists(pcm) && new FileInfo(pcm).Length > 0))
        {
            await Task.Delay(10);
        }

        Assert.False(extraction.IsCompleted, "extraction finished before it could be cancelled");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => extraction);

        Assert.False(FfmpegRunningOn(wav), "ffmpeg still runs on the cancelled input");
        Assert.False(File.Exists(pcm), "the cancelled extraction left its PCM file");
    }

    private static bool FfmpegRunningOn(string path)
    {
        foreach (var proc in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline"));
                if (cmdline.Contains("ffmpeg", StringComparison.Ordinal) && cmdline.Contains(path, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return false;
    }

    private static async Task Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} failed: {stderr}");
    }
}
