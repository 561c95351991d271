using System.Diagnostics;
using System.Globalization;

namespace Lifestream.LocalAws.Emulators;

/// <summary>Process-tree helpers over Linux /proc (the emulators only run on Linux/macOS hosts).</summary>
public static class ProcessTree
{
    public static IReadOnlyList<int> Descendants(int rootPid, bool includeRoot)
    {
        var children = new Dictionary<int, List<int>>();
        if (Directory.Exists("/proc"))
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                var parent = ReadParentPid(dir);
                if (parent is int ppid)
                {
                    if (!children.TryGetValue(ppid, out var list))
                    {
                        list = [];
                        children[ppid] = list;
                    }

                    list.Add(pid);
                }
            }
        }

        var result = new List<int>();
        if (includeRoot)
        {
            result.Add(rootPid);
        }

        var stack = new Stack<int>();
        stack.Push(rootPid);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (children.TryGetValue(current, out var list))
            {
                foreach (var child in list)
                {
                    result.Add(child);
                    stack.Push(child);
                }
            }
        }

        return result;
    }

    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            // A zombie (state Z) is dead for our purposes: it only waits to be reaped.
            var text = File.ReadAllText(stat);
            var afterName = text[(text.LastIndexOf(')') + 2)..];
            return afterName.Length > 0 && afterName[0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void KillAll(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill();
            }
            catch (ArgumentException)
            {
                // Not running.
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not ours to kill.
            }
        }
    }

    private static int? ReadParentPid(string procDir)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(procDir, "stat"));
            var afterName = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(afterName[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (IndexOutOfRangeException)
        {
            return null;
        }
    }
}
