using System.Diagnostics;

namespace Lifestream.Pipeline.Media.Tools;

/// <summary>One running ffmpeg/ffprobe started by <see cref="MediaToolRunner"/>.</summary>
public sealed class MediaToolProcess : IAsyncDisposable
{
    /// <summary>At most this many of the last stderr lines (not consumed by the run's line handler) are kept.</summary>
    public const int StderrTailLines = 20;

    /// <summary>And at most this many characters of them.</summary>
    public const int StderrTailChars = 4000;

    private readonly Process process;
    private readonly string tool;
    private readonly MediaToolArguments arguments;
    private readonly MediaToolRun run;
    private readonly CancellationToken cancellationToken;
    private readonly CancellationTokenSource? timeout;
    private readonly CancellationTokenRegistration killOnCancel;
    private readonly CancellationTokenRegistration killOnTimeout;
    private readonly Queue<string> tail = new();
    private readonly Lock tailGate = new();
    private int tailChars;

    internal MediaToolProcess(Process process, string tool, MediaToolArguments arguments, MediaToolRun run, CancellationToken cancellationToken)
    {
        this.process = process;
        this.tool = tool;
        this.arguments = arguments;
        this.run = run;
        this.cancellationToken = cancellationToken;
        StandardErrorDrained = Task.Run(PumpStandardErrorAsync, CancellationToken.None);
        if (!run.ReadStandardOutput)
        {
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None)
                .ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        killOnCancel = cancellationToken.Register(Kill);
        if (run.Timeout is { } limit)
        {
            timeout = new CancellationTokenSource(limit);
            killOnTimeout = timeout.Token.Register(Kill);
        }
    }

    /// <summary>The operating system's id of the tool's process.</summary>
    public int ProcessId => process.Id;

    /// <summary>The tool's stdout (only when the run asked for it).</summary>
    public Stream StandardOutput => run.ReadStandardOutput
        ? process.StandardOutput.BaseStream
        : throw new InvalidOperationException("This run does not read stdout (MediaToolRun.ReadStandardOutput).");

    /// <summary>The tool's stdin (only when the run asked for it).</summary>
    public Stream StandardInput => run.WriteStandardInput
        ? process.StandardInput.BaseStream
        : throw new InvalidOperationException("This run does not write stdin (MediaToolRun.WriteStandardInput).");

    /// <summary>Completes when stderr reached its end (after every line went to the run's line handler).</summary>
    public Task StandardErrorDrained { get; }

    /// <summary>The last stderr lines joined with " | " (inputs and secrets redacted), or "(no output)".</summary>
    public string StandardErrorTail
    {
        get
        {
            lock (tailGate)
            {
                return tail.Count == 0 ? "(no output)" : arguments.Redact(string.Join(" | ", tail));
            }
        }
    }

    /// <summary>
    /// Waits for the exit and the end of stderr, then maps it: 0 returns; cancellation throws
    /// <see cref="OperationCanceledException"/>; the run's timeout <see cref="MediaToolTimedOutException"/>; any other
    /// exit <see cref="MediaToolFailedException"/>.
    /// </summary>
    public async Task WaitForExitAsync()
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await StandardErrorDrained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (timeout?.IsCancellationRequested == true)
        {
            throw new MediaToolTimedOutException(run.Stage, tool, run.Timeout!.Value, StandardErrorTail);
        }

        if (process.ExitCode != 0)
        {
            throw new MediaToolFailedException(run.Stage, tool, process.ExitCode, StandardErrorTail);
        }
    }

    /// <summary>Kills the process tree if it still runs and waits for stderr to close.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        await killOnCancel.DisposeAsync().ConfigureAwait(false);
        await killOnTimeout.DisposeAsync().ConfigureAwait(false);
        await StandardErrorDrained.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        timeout?.Dispose();
        process.Dispose();
    }

    private async Task PumpStandardErrorAsync()
    {
        while (await process.StandardError.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            if (run.StandardErrorLine?.Invoke(line) == true || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            lock (tailGate)
            {
                var kept = line.Trim();
                kept = kept.Length > StderrTailChars ? kept[..StderrTailChars] : kept;
                tail.Enqueue(kept);
                tailChars += kept.Length;
                while (tail.Count > StderrTailLines || (tailChars > StderrTailChars && tail.Count > 1))
                {
                    tailChars -= tail.Dequeue().Length;
                }
            }
        }
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Not started or already gone: nothing to stop.
        }
    }
}
