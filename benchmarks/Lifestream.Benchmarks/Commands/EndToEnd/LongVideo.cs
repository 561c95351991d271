using System.Diagnostics;
using System.Globalization;

namespace Lifestream.Benchmarks.Commands.EndToEnd;

/// <summary>Long inputs for the scaling runs: the 60 s fixture looped (stream copy, so it takes seconds).</summary>
public static class LongVideo
{
    public static async Task<string> CreateAsync(string source, int minutes, string directory)
    {
        var output = Path.Combine(directory, $"generated-{minutes}min.mp4");
        var loops = (int)Math.Ceiling(minutes * 60 / await DurationSecondsAsync(source)) - 1;
        await RunAsync("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-stream_loop", loops.ToString(CultureInfo.InvariantCulture),
            "-i", source, "-c", "copy", "-t", (minutes * 60).ToString(CultureInfo.InvariantCulture), output);
        return output;
    }

    public static async Task<double> DurationSecondsAsync(string video)
    {
        var text = await RunAsync("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", video);
        return double.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {await stderr}");
        }

        return await stdout;
    }
}
