using System.Text.RegularExpressions;

namespace Lifestream.Core.Processing;

/// <summary>
/// The per-job directory under WORK_DIR: <c>lifestream-&lt;job_id&gt;-a&lt;attempt&gt;-&lt;random&gt;/</c> with
/// <c>input/</c> (the downloaded video), <c>scratch/</c> (pipeline intermediates) and <c>output/</c>
/// (documents to upload). The S3 key never becomes a path: the input file is always
/// <c>input/source[.ext]</c>. Disposing deletes the whole directory.
/// </summary>
public sealed partial class JobWorkspace : IDisposable
{
    private JobWorkspace(string root)
    {
        Root = root;
        InputDirectory = Path.Combine(root, "input");
        ScratchDirectory = Path.Combine(root, "scratch");
        OutputDirectory = Path.Combine(root, "output");
    }

    public string Root { get; }

    public string InputDirectory { get; }

    public string ScratchDirectory { get; }

    public string OutputDirectory { get; }

    /// <summary>Creates a fresh directory (a random suffix keeps a retried attempt on the same host apart).</summary>
    public static JobWorkspace Create(string workDir, string jobId, int attempt)
    {
        if (!Path.IsPathFullyQualified(workDir))
        {
            throw new ArgumentException($"Work directory '{workDir}' must be absolute.", nameof(workDir));
        }

        if (!ObjectKeyGuard.IsSafeJobId(jobId))
        {
            throw new ArgumentException($"Job id '{jobId}' is not safe as a directory name.", nameof(jobId));
        }

        // At most ~190 characters: job ids are capped at 128 by ObjectKeyGuard.
        var name = DirectoryPattern(jobId, attempt).Replace("*", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
        var root = Path.GetFullPath(Path.Combine(workDir, name));
        var workspace = new JobWorkspace(root);
        Directory.CreateDirectory(workspace.InputDirectory);
        Directory.CreateDirectory(workspace.ScratchDirectory);
        Directory.CreateDirectory(workspace.OutputDirectory);
        return workspace;
    }

    /// <summary>The search pattern matching every work directory of one attempt (the watchdog deletes them).</summary>
    public static string DirectoryPattern(string jobId, int attempt) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"lifestream-{jobId}-a{attempt}-*");

    /// <summary>Local path for the downloaded object: <c>input/source</c> plus the key's extension when it is plain.</summary>
    public string InputPathFor(string s3Key)
    {
        ArgumentNullException.ThrowIfNull(s3Key);
        var lastSegment = s3Key[(s3Key.LastIndexOf('/') + 1)..];
        var dot = lastSegment.LastIndexOf('.');
        var extension = dot >= 0 ? lastSegment[dot..] : string.Empty;
        return Path.Combine(InputDirectory, SafeExtension().IsMatch(extension) ? "source" + extension.ToLowerInvariant() : "source");
    }

    /// <summary>Deletes the directory; never throws (cleanup runs on failure paths too).</summary>
    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open by a dying child process; the next attempt uses a new directory.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above: best effort.
        }
    }

    [GeneratedRegex("^\\.[A-Za-z0-9]{1,8}$")]
    private static partial Regex SafeExtension();
}
