using System.Diagnostics;
using System.Globalization;
using Lifestream.LocalAws.Emulators;

namespace Lifestream.Benchmarks.Commands.EndToEnd;

/// <summary>
/// Peak memory of a running command: the exact high-water mark of the main process (VmHWM) and the sampled
/// peak of the whole tree's resident memory (main + ffmpeg and other children), like a task's cgroup sees it.
/// </summary>
public sealed class ProcessTreeMemorySampler
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(50);
    private readonly int rootPid;
    private long mainPeakKb;
    private long treePeakKb;

    public ProcessTreeMemorySampler(int rootPid) => this.rootPid = rootPid;

    /// <summary>Waits for <paramref name="process"/> (output redirected) to exit while sampling its tree; returns the peaks and the output.</summary>
    public static async Task<SampledRun> WatchAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var sampler = new ProcessTreeMemorySampler(process.Id);
        using var stop = new CancellationTokenSource();
        var sampling = sampler.RunAsync(SampleInterval, stop.Token);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var exitedAt = Stopwatch.GetTimestamp();
        await stop.CancelAsync().ConfigureAwait(false);
        await sampling.ConfigureAwait(false);
        return new SampledRun(exitedAt, sampler.MainPeakBytes, sampler.TreePeakBytes, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public long MainPeakBytes => Interlocked.Read(ref mainPeakKb) * 1024;

    public long TreePeakBytes => Interlocked.Read(ref treePeakKb) * 1024;

    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public void Sample()
    {
        var hwm = ReadStatusKb(rootPid, "VmHWM:");
        if (hwm > Interlocked.Read(ref mainPeakKb))
        {
            Interlocked.Exchange(ref mainPeakKb, hwm);
        }

        var tree = ProcessTree.Descendants(rootPid, includeRoot: true).Sum(pid => ReadStatusKb(pid, "VmRSS:"));
        if (tree > Interlocked.Read(ref treePeakKb))
        {
            Interlocked.Exchange(ref treePeakKb, tree);
        }
    }

    private static long ReadStatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }
}

/// <summary>What <see cref="ProcessTreeMemorySampler.WatchAsync"/> saw: when the process exited (a <see cref="Stopwatch"/> timestamp), its peaks and its output.</summary>
public sealed record SampledRun(long ExitedAt, long MainPeakBytes, long TreePeakBytes, string StandardOutput, string StandardError);
