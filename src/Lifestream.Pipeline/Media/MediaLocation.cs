using Lifestream.Core.Processing;

namespace Lifestream.Pipeline.Media;

/// <summary>
/// A media input is either a local path or an http(s) URL ffmpeg reads directly (streaming intake: an S3
/// presigned GET). URLs carry a signature in their query string, so anything that leaves a process
/// (exception messages, logs, ffmpeg's stderr) goes through <see cref="Describe"/> / <see cref="RedactIn"/>.
/// </summary>
public static class MediaLocation
{
    public static bool IsRemote(string mediaPath) =>
        mediaPath.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || mediaPath.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The location safe to show: a local path unchanged, a URL without its query (the signature).</summary>
    public static string Describe(string mediaPath)
    {
        if (!IsRemote(mediaPath))
        {
            return mediaPath;
        }

        var query = mediaPath.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? mediaPath : string.Concat(mediaPath.AsSpan(0, query), "?", SecretRedactor.Redacted);
    }

    /// <summary>Tool output can echo the input URL (ffmpeg prefixes errors with it): replace it, then redact what else looks secret.</summary>
    public static string RedactIn(string text, string mediaPath) =>
        SecretRedactor.Redact(IsRemote(mediaPath) ? text.Replace(mediaPath, Describe(mediaPath), StringComparison.Ordinal) : text);

    /// <summary>
    /// Input options for ffmpeg/ffprobe reading a URL: a stalled read fails after <see cref="ReadTimeout"/>
    /// instead of hanging until the task deadline, and dropped connections resume with a Range request
    /// (S3 honours them) instead of ending the stream early.
    /// </summary>
    public static IReadOnlyList<string> HttpInputOptions(string mediaPath) => IsRemote(mediaPath)
        ?
        [
            "-rw_timeout", ((long)ReadTimeout.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-reconnect", "1",
            "-reconnect_on_network_error", "1",
            "-reconnect_delay_max", "10",
        ]
        : [];

    /// <summary>How long one read may stall before ffmpeg gives up (ffmpeg's -rw_timeout, in microseconds on the command line).</summary>
    public static TimeSpan ReadTimeout { get; } = TimeSpan.FromSeconds(30);
}
