using System.Diagnostics;
using System.Globalization;

namespace Lifestream.Core.Processing;

/// <summary>The current process's children (ffmpeg, ffprobe), found through /proc on Linux, the task's platform.</summary>
public static class ChildProcesses
{
    /// <summary>Kills every child process with its own tree; returns how many children were killed.</summary>
    public static int KillAll()
    {
        var killed = 0;
        foreach (var pid in ChildrenOf(Environment.ProcessId))
        {
            try
            {
                using var child = Process.GetProcessById(pid);
                child.Kill(entireProcessTree: true);
                killed++;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited meanwhile.
            }
        }

        return killed;
    }

    /// <summary>Process ids whose parent is <paramref name="parentId"/> (empty where /proc does not exist).</summary>
    public static IReadOnlyList<int> ChildrenOf(int parentId)
    {
        if (!Directory.Exists("/proc"))
        {
            return [];
        }

        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) && parent == parentId)
            {
                children.Add(pid);
            }
        }

        return children;
    }
}
