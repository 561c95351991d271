using Lifestream.Core.Storage;

namespace Lifestream.Core.Processing;

/// <summary>Uploads every document in the output directory (recursively) under a key prefix.</summary>
public sealed class ResultUploader(IObjectStore objects)
{
    private const int MaxParallelUploads = 4;

    /// <summary>
    /// Returns the uploaded keys in ordinal order. Symbolic links are skipped (never followed out of the directory).
    /// <paramref name="lastFile"/> (a path relative to the directory) is uploaded only after every other document,
    /// so a reader that sees it sees a complete set.
    /// </summary>
    public async Task<IReadOnlyList<string>> UploadDirectoryAsync(string bucket, string directory, string keyPrefix, string? lastFile, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(path => (Path: path, Key: keyPrefix + Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToList();

        foreach (var file in files)
        {
            if (Uploads.UploadKeyRule.ExplainUnsafe(file.Key) is { } why)
            {
                throw new ResultUploadException($"Result document key '{file.Key}' {why}.");
            }
        }

        var lastKey = lastFile is null ? null : keyPrefix + lastFile.Replace(Path.DirectorySeparatorChar, '/');
        try
        {
            await Parallel.ForEachAsync(
                files.Where(f => f.Key != lastKey),
                new ParallelOptions { MaxDegreeOfParallelism = MaxParallelUploads, CancellationToken = cancellationToken },
                async (file, ct) => await objects.UploadFileAsync(bucket, file.Key, file.Path, ContentTypes.ForFile(file.Path), ct));
            foreach (var file in files.Where(f => f.Key == lastKey))
            {
                await objects.UploadFileAsync(bucket, file.Key, file.Path, ContentTypes.ForFile(file.Path), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ResultUploadException($"Uploading results to s3://{bucket}/{keyPrefix} failed: {ex.Message}", ex);
        }

        return files.Select(f => f.Key).ToList();
    }
}

/// <summary>Content types of the documents the pipeline writes.</summary>
public static class ContentTypes
{
    public static string ForFile(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".md" => "text/markdown; charset=utf-8",
        ".vtt" => "text/vtt; charset=utf-8",
        ".srt" => "application/x-subrip",
        ".rttm" or ".txt" => "text/plain; charset=utf-8",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".html" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    };
}
