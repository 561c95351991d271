using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Integration.Scenes;

/// <summary>
/// The frame source's reading of ffmpeg's stdout under injected faults: a stand-in "ffmpeg" (a shell script in a
/// binary folder) logs showinfo lines and writes one whole frame, then part of the next, then exits. The error names
/// the cut frame whether the cut falls inside a read band, on a band boundary, or in a frame read whole, and the
/// stand-in is gone afterwards.
/// </summary>
public sealed class FrameSourceFaultTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("lifestream-frame-faults-");

    public void Dispose() => dir.Delete(recursive: true);

    [SkippableTheory]
    [InlineData(640, 360, 100_000, 0)] // inside the second 64 KB band of frame 1, then a clean exit
    [InlineData(640, 360, 34 * 640 * 3, 0)] // exactly at a band boundary
    [InlineData(640, 360, 1, 1)] // ffmpeg dies one byte into the frame
    [InlineData(200, 100, 30_000, 0)] // not resized: the frame is read whole
    public async Task A_frame_cut_short_is_a_decoding_error_naming_the_frame(int width, int height, int partialBytes, int exitCode)
    {
        Skip.IfNot(OperatingSystem.IsLinux() && File.Exists("/bin/sh") && File.Exists("/usr/bin/head"), "the stand-in ffmpeg needs Linux, /bin/sh and /usr/bin/head");
        var pidFile = Path.Combine(dir.FullName, "pid");
        var video = Path.Combine(dir.FullName, "input.mkv");
        File.WriteAllText(video, "not read by the stand-in");
        WriteStandIn(width, height, partialBytes, exitCode, pidFile);
        var source = new FfmpegFrameSource(new MediaToolRunner(new MediaOptions { BinaryFolder = dir.FullName }));
        var frames = 0;

        var error = await Assert.ThrowsAsync<FrameDecodingException>(async () =>
        {
            await foreach (var frame in source.ReadAsync(video, CancellationToken.None))
            {
                Assert.Equal(PySceneDetectDownscale.WorkingSize(width, height), (frame.Width, frame.Height));
                frames++;
            }
        });

        Assert.Equal(1, frames);
        Assert.Contains("ended inside frame 1", error.Message, StringComparison.Ordinal);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(Directory.Exists($"/proc/{pid}"), $"the stand-in ffmpeg (pid {pid}) is still there");
    }

    private void WriteStandIn(int width, int height, int partialBytes, int exitCode, string pidFile)
    {
        var frame = width * height * 3;
        var script = Path.Combine(dir.FullName, "ffmpeg");
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo $$ > '{pidFile}'
            echo '[Parsed_showinfo_1 @ 0x1] config in time_base: 1/25' >&2
            echo '[Parsed_showinfo_1 @ 0x1] n:   0 pts:      0 pts_time:0 duration:1 s:{width}x{height}' >&2
            /usr/bin/head -c {frame} /dev/zero
            echo '[Parsed_showinfo_1 @ 0x1] n:   1 pts:      1 pts_time:0.04 duration:1 s:{width}x{height}' >&2
            /usr/bin/head -c {partialBytes} /dev/zero
            exit {exitCode}
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
