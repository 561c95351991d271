using System.ComponentModel;
using System.Diagnostics;
using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Media.Tools;

/// <summary>
/// The one way the pipeline runs its media tools: the executable from <see cref="PathOf"/>, an argument list (never a
/// command line), stdin closed unless the run writes it, stderr read line by line into a bounded
/// tail, cancellation and timeouts killing the whole process tree, and one exception per failure mode:
/// <see cref="MediaToolMissingException"/>, <see cref="MediaToolFailedException"/> (non-zero exit),
/// <see cref="MediaToolTimedOutException"/>; a cancelled run throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class MediaToolRunner
{
    private readonly string? binaryFolder;

    public MediaToolRunner(MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalidArgument();
        binaryFolder = options.BinaryFolder;
    }

    /// <summary>Tools found on PATH.</summary>
    public static MediaToolRunner OnPath { get; } = new(new MediaOptions());

    public static string NameOf(MediaTool tool) => tool switch
    {
        MediaTool.Ffmpeg => "ffmpeg",
        MediaTool.Ffprobe => "ffprobe",
        MediaTool.FrameDecoder => "lifestream-frames",
        _ => throw new ArgumentOutOfRangeException(nameof(tool), tool, "unknown media tool"),
    };

    /// <summary>The executable started for <paramref name="tool"/>.</summary>
    public string PathOf(MediaTool tool)
    {
        var name = NameOf(tool);
        if (tool != MediaTool.FrameDecoder)
        {
            return binaryFolder is null ? name : Path.Combine(binaryFolder, name);
        }

        var inFolder = binaryFolder is null ? null : Path.Combine(binaryFolder, name);
        var beside = Path.Combine(AppContext.BaseDirectory, name);
        return inFolder is not null && File.Exists(inFolder) ? inFolder : File.Exists(beside) ? beside : name;
    }

    /// <summary>Whether <paramref name="tool"/> can be started: its file exists, or its name is found on PATH.</summary>
    public bool IsInstalled(MediaTool tool)
    {
        var path = PathOf(tool);
        if (Path.IsPathRooted(path))
        {
            return File.Exists(path);
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, path)));
    }

    /// <summary>
    /// Starts the tool. The caller reads <see cref="MediaToolProcess.StandardOutput"/> when asked for, then awaits
    /// <see cref="MediaToolProcess.WaitForExitAsync"/>; disposing kills a process that is still running.
    /// </summary>
    public MediaToolProcess Start(MediaTool tool, MediaToolArguments arguments, MediaToolRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(run);
        cancellationToken.ThrowIfCancellationRequested();
        var info = new ProcessStartInfo(PathOf(tool))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments.ToList())
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new MediaToolMissingException(run.Stage, info.FileName, ex);
        }

        // ffmpeg reads commands from stdin unless told otherwise: an inherited console stdin could stop it.
        if (!run.WriteStandardInput)
        {
            process.StandardInput.Close();
        }

        return new MediaToolProcess(process, NameOf(tool), arguments, run, cancellationToken);
    }

    /// <summary>Runs the tool to its end; returns its stdout as text when <see cref="MediaToolRun.ReadStandardOutput"/> is set.</summary>
    public async Task<string> RunAsync(MediaTool tool, MediaToolArguments arguments, MediaToolRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var process = Start(tool, arguments, run, cancellationToken);
        var stdout = string.Empty;
        if (run.ReadStandardOutput)
        {
            using var reader = new StreamReader(process.StandardOutput, leaveOpen: true);
            stdout = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
        return stdout;
    }
}
