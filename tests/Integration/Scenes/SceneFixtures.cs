using System.Diagnostics;

namespace Lifestream.Tests.Integration.Scenes;

/// <summary>Finds the repository's fixtures/ folder and checks that ffmpeg can run.</summary>
internal static class SceneFixtures
{
    private static readonly Lazy<bool> FfmpegPresent = new(() =>
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("ffmpeg", "-version") { RedirectStandardOutput = true, UseShellExecute = false });
            process!.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static bool HasFfmpeg => FfmpegPresent.Value;

    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "fixtures");
                if (File.Exists(Path.Combine(candidate, "generate.sh")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("fixtures/ (with generate.sh) not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Video(string name) => Path.Combine(Root, name, name + ".mp4");

    public static string Cuts(string name) => Path.Combine(Root, name, name + ".cuts.csv");

    /// <summary>Runs ffmpeg with the given arguments; throws with stderr on failure.</summary>
    public static void Ffmpeg(params string[] arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-nostdin", "-hide_banner", "-loglevel", "error", "-y" }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg failed: " + error);
        }
    }
}
