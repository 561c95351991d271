using System.Diagnostics;
using System.Globalization;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Integration.Scenes;

/// <summary>
/// The lifestream-frames helper (built with the pipeline) against ffmpeg's pipe: the same frames and times on the
/// fixtures and on variable-frame-rate input, rotated streams handed to ffmpeg, and under faults (the helper killed,
/// a cut record, a protocol it does not speak, inputs that are not videos, cancellation) a decoding error naming the
/// cause, no helper left running and no frame file left behind.
/// </summary>
public sealed class LibavFrameSourceTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("lifestream-libav-frames-");
    private readonly DirectoryInfo framesDir;

    public LibavFrameSourceTests()
    {
        framesDir = dir.CreateSubdirectory("frames");
        Assert.True(MediaToolRunner.OnPath.IsInstalled(MediaTool.FrameDecoder), "lifestream-frames is not next to the test assemblies: the build needs gcc, pkg-config and the libav* -dev packages (scripts/setup.sh)");
    }

    public void Dispose() => dir.Delete(recursive: true);

    private LibavFrameSource Source(MediaToolRunner? tools = null) => new(tools, framesDirectory: framesDir.FullName);

    [SkippableTheory]
    [InlineData("meeting-60s")]
    [InlineData("interview-20s")]
    public async Task Frames_and_times_are_the_ffmpeg_pipes_on_the_fixtures(string fixture)
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var video = SceneFixtures.Video(fixture);

        var count = await AssertSameFramesAsync(video);

        Assert.True(count > 100, $"{fixture}: {count} frames");
        AssertNothingLeft();
    }

    [SkippableFact]
    public async Task Variable_frame_rate_times_are_the_streams()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var video = Path.Combine(dir.FullName, "vfr.mkv");
        SceneFixtures.Ffmpeg(
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=10:duration=3",
            "-vf", "setpts='N+if(gte(N,10),4,0)+if(gte(N,20),9,0)'", "-fps_mode", "vfr", "-c:v", "ffv1", video);

        await AssertSameFramesAsync(video);

        var times = new List<double>();
        await foreach (var frame in Source().ReadAsync(video, CancellationToken.None))
        {
            times.Add(frame.PtsSeconds);
        }

        Assert.Equal(0.5, times[10] - times[9], 3);
        Assert.Equal(1.0, times[20] - times[19], 3);
    }

    [SkippableFact]
    public async Task A_rotated_stream_is_read_rotated_through_ffmpeg()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var video = Path.Combine(dir.FullName, "rotated.mp4");
        var upright = Path.Combine(dir.FullName, "upright.mp4");
        SceneFixtures.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=10:duration=1", "-c:v", "libx264", upright);

        // ffmpeg 5.1 writes the display matrix from the rotate tag only when it copies the stream.
        SceneFixtures.Ffmpeg("-i", upright, "-c", "copy", "-metadata:s:v:0", "rotate=90", video);

        var sizes = new HashSet<(int, int)>();
        await foreach (var frame in Source().ReadAsync(video, CancellationToken.None))
        {
            sizes.Add((frame.Width, frame.Height));
        }

        Assert.Equal([PySceneDetectDownscale.WorkingSize(360, 640)], sizes);
        AssertNothingLeft();
    }

    [SkippableTheory]
    [InlineData("garbage.mp4", "cannot open the input")]
    [InlineData("audio-only.m4a", "has no video stream")]
    public async Task An_input_without_video_is_a_decoding_error_naming_the_reason(string name, string reason)
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var input = Path.Combine(dir.FullName, name);
        if (name.StartsWith("garbage", StringComparison.Ordinal))
        {
            File.WriteAllBytes(input, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        }
        else
        {
            SceneFixtures.Ffmpeg("-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", input);
        }

        var error = await Assert.ThrowsAsync<FrameDecodingException>(() => DrainAsync(Source(), input, CancellationToken.None));

        Assert.Contains("exited with code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        AssertNothingLeft();
    }

    [SkippableFact]
    public async Task Cancelling_mid_run_stops_the_helper_and_removes_its_file()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        using var cancel = new CancellationTokenSource();
        var frames = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in Source().ReadAsync(SceneFixtures.Video("meeting-60s"), cancel.Token))
            {
                if (++frames == 10)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(10, frames);
        await AssertNothingLeftAsync();
    }

    [SkippableFact]
    public async Task A_helper_killed_mid_run_is_a_decoding_error_naming_its_exit()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg && OperatingSystem.IsLinux(), "needs ffmpeg and Linux (/proc)");
        var frames = 0;

        var error = await Assert.ThrowsAsync<FrameDecodingException>(async () =>
        {
            await foreach (var frame in Source().ReadAsync(SceneFixtures.Video("meeting-60s"), CancellationToken.None))
            {
                if (++frames == 20)
                {
                    var helper = Assert.Single(HelperProcesses());
                    Process.GetProcessById(helper).Kill();
                }
            }
        });

        Assert.InRange(frames, 20, 20 + 16 + LibavFrameSource.Slots);
        Assert.Contains("exited with code 137", error.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync();
    }

    [SkippableTheory]
    [InlineData("cut-record", "ended inside the record of frame 1")]
    [InlineData("wrong-version", "protocol version 1 expected")]
    [InlineData("wrong-slot", "where frame 1 in slot 1 was due")]
    public async Task A_helper_that_breaks_the_protocol_is_a_decoding_error(string fault, string expected)
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/usr/bin/python3"), "the stand-in helper needs Linux and /usr/bin/python3");
        var bin = dir.CreateSubdirectory("bin");
        var standIn = Path.Combine(bin.FullName, MediaToolRunner.NameOf(MediaTool.FrameDecoder));
        File.WriteAllText(standIn, $$"""
            #!/usr/bin/python3
            import struct, sys
            args = sys.argv[1:]
            shm = args[args.index("-shm") + 1]
            slots = int(args[args.index("-slots") + 1])
            with open(shm, "wb") as f:
                f.truncate(768 * slots)
            out = sys.stdout.buffer
            out.write(struct.pack("<4sIiiiidii", b"LSFR", {{(fault == "wrong-version" ? 9 : 1)}}, 16, 16, 1, 25, 0.0, 48, 768))
            out.write(struct.pack("<qqii", 0, 0, 0, 0))
            out.flush()
            sys.stdin.buffer.read(16)
            sys.stdin.buffer.read(1)
            if "{{fault}}" == "cut-record":
                out.write(struct.pack("<qq", 1, 1))
            else:
                out.write(struct.pack("<qqii", 1, 1, 2, 0))
            out.flush()
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var video = Path.Combine(dir.FullName, "input.mp4");
        File.WriteAllText(video, "not read by the stand-in");

        var error = await Assert.ThrowsAsync<FrameDecodingException>(() => DrainAsync(Source(new MediaToolRunner(new MediaOptions { BinaryFolder = bin.FullName })), video, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        AssertNothingLeft();
    }

    private async Task<int> AssertSameFramesAsync(string video)
    {
        var expected = new List<(long Index, double Time, int Width, int Height, byte[] Rgb)>();
        await foreach (var frame in new FfmpegFrameSource().ReadAsync(video, CancellationToken.None))
        {
            expected.Add((frame.Index, frame.PtsSeconds, frame.Width, frame.Height, [.. frame.Rgb]));
        }

        var index = 0;
        await foreach (var frame in Source().ReadAsync(video, CancellationToken.None))
        {
            Assert.True(index < expected.Count, $"frame {index} is one more than ffmpeg's {expected.Count}");
            var want = expected[index];
            Assert.Equal((want.Index, want.Width, want.Height), (frame.Index, frame.Width, frame.Height));
            Assert.Equal(want.Time, frame.PtsSeconds, 9);
            Assert.True(want.Rgb.AsSpan().SequenceEqual(frame.Rgb), $"frame {index}: pixels differ from ffmpeg's");
            index++;
        }

        Assert.Equal(expected.Count, index);
        return index;
    }

    private static async Task DrainAsync(LibavFrameSource source, string input, CancellationToken cancellationToken)
    {
        await foreach (var frame in source.ReadAsync(input, cancellationToken))
        {
            _ = frame;
        }
    }

    /// <summary>Helpers started by this test class: their -shm argument is under this class's directory.</summary>
    private List<int> HelperProcesses()
    {
        var pids = new List<int>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline"));
                if (cmdline.Contains(framesDir.FullName, StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while it was listed.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return pids;
    }

    private void AssertNothingLeft()
    {
        Assert.Empty(framesDir.EnumerateFileSystemInfos());
        Assert.Empty(HelperProcesses());
    }

    private async Task AssertNothingLeftAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (HelperProcesses().Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        AssertNothingLeft();
    }
}
