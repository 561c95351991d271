using System.Diagnostics;

namespace Lifestream.Tests.Integration.Processing;

/// <summary>Tiny media files generated with ffmpeg's lavfi sources in a test's temp directory (no committed binaries needed).</summary>
internal static class MediaFixtures
{
    public static bool FfmpegAvailable => ToolRuns("ffmpeg") && ToolRuns("ffprobe");

    /// <summary>A short testsrc2 video with a sine tone: H.264/AAC in MP4 (moov at the end, as ffmpeg writes it).</summary>
    public static async Task<string> VideoWithAudioAsync(string directory, double seconds = 2, string name = "video.mp4")
    {
        var path = Path.Combine(directory, name);
        await FfmpegAsync(
            $"-f lavfi -i testsrc2=size=160x90:rate=10 -f lavfi -i sine=frequency=440:sample_rate=16000 -t {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} "
            + $"-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest \"{path}\"");
        return path;
    }

    /// <summary>The same streams with the MP4 index (moov) moved to the front, as web uploads usually are.</summary>
    public static Task RemuxFaststartAsync(string source, string destination) =>
        FfmpegAsync($"-i \"{source}\" -c copy -movflags +faststart \"{destination}\"");

    public static async Task<string> AudioOnlyAsync(string directory)
    {
        var path = Path.Combine(directory, "tone.m4a");
        await FfmpegAsync($"-f lavfi -i sine=frequency=440:sample_rate=16000 -t 1 -c:a aac \"{path}\"");
        return path;
    }

    public static async Task<string> StillImageAsync(string directory)
    {
        var path = Path.Combine(directory, "frame.png");
        await FfmpegAsync($"-f lavfi -i testsrc2=size=160x90 -frames:v 1 \"{path}\"");
        return path;
    }

    public static async Task<string> TruncatedCopyAsync(string source, string directory)
    {
        var path = Path.Combine(directory, "truncated.mp4");
        var bytes = await File.ReadAllBytesAsync(source);
        await File.WriteAllBytesAsync(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        return path;
    }

    public static async Task<string> TextFileAsync(string directory)
    {
        var path = Path.Combine(directory, "notes.mp4");
        await File.WriteAllTextAsync(path, "This is a meeting agenda, not a video.\n");
        return path;
    }

    public static async Task<string> EmptyFileAsync(string directory)
    {
        var path = Path.Combine(directory, "empty.mp4");
        await File.WriteAllBytesAsync(path, []);
        return path;
    }

    private static async Task FfmpegAsync(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", "-hide_banner -loglevel error -y " + arguments)
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {arguments} failed ({process.ExitCode}): {stderr}");
        }
    }

    private static bool ToolRuns(string tool)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, "-version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null)
            {
                return false;
            }

            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
