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
    /// The input options every ffmpeg/ffprobe run gets for <paramref name="mediaPath"/>, before its <c>-i</c>. Uploads are
    /// hostile, and ffmpeg picks a demuxer by content: an HLS playlist or a concat script named <c>.mp4</c> would make
    /// the tool open further files or URLs. So:
    /// <list type="bullet">
    /// <item>a name of the mov/mp4 family (every upload: the key rule admits only .mp4/.mov) is read with the mov
    /// demuxer only (<c>-f mov</c>); playlist, concat and image-sequence demuxers are never chosen;</item>
    /// <item><c>-protocol_whitelist</c> allows <c>file</c> for a local input and only the HTTP/TLS/TCP pieces the
    /// presigned GET needs for a URL, so nothing inside a file can reach another protocol or host;</item>
    /// <item>a URL also gets read timeouts and reconnects: a stalled read fails after <see cref="ReadTimeout"/> instead of
    /// hanging until the task deadline, and dropped connections resume with a Range request.</item>
    /// </list>
    /// Local files with other names (evaluation corpora of WAV files) keep ffmpeg's own format detection, under the
    /// same protocol whitelist.
    /// </summary>
    public static IReadOnlyList<string> InputOptions(string mediaPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        var remote = IsRemote(mediaPath);
        var name = remote ? new Uri(mediaPath).AbsolutePath : mediaPath;
        var options = new List<string>();
        if (MovFamilyExtensions.Any(extension => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
        {
            options.AddRange(["-f", MovDemuxer]);
        }

        options.AddRange(["-protocol_whitelist", remote ? UrlProtocols : LocalProtocols]);
        if (remote)
        {
            options.AddRange(
            [
                "-rw_timeout", ((long)ReadTimeout.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-reconnect", "1",
                "-reconnect_on_network_error", "1",
                "-reconnect_delay_max", "10",
            ]);
        }

        return options;
    }

    /// <summary>ffmpeg's demuxer for QuickTime and the ISO base media family (mov, mp4, m4a, 3gp, 3g2, mj2).</summary>
    public const string MovDemuxer = "mov";

    /// <summary>A local input may be read from the file system only.</summary>
    public const string LocalProtocols = "file";

    /// <summary>What a presigned S3 GET needs (https = tls over tcp; http for the local emulators).</summary>
    public const string UrlProtocols = "https,tls,tcp,http";

    private static readonly string[] MovFamilyExtensions = [".mp4", ".mov", ".m4a", ".m4v", ".3gp", ".3g2"];

    /// <summary>How long one read may stall before ffmpeg gives up (ffmpeg's -rw_timeout, in microseconds on the command line).</summary>
    public static TimeSpan ReadTimeout { get; } = TimeSpan.FromSeconds(30);
}
