using System.Security.Cryptography;

namespace Lifestream.Pipeline.ModelFiles;

/// <summary>
/// Checks a model file against its pin before any native runtime touches it: a truncated or corrupt file can
/// crash a native loader (whisper.cpp aborts the process), so this must run first.
/// Order: existence, size (cheap, catches truncation), optional header check, then SHA-256.
/// </summary>
public static class ModelFileVerifier
{
    public static async Task VerifyAsync(PinnedModelFile pin, Action<FileStream>? checkHeader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (string.IsNullOrWhiteSpace(pin.Path) || !File.Exists(pin.Path))
        {
            throw new ModelFileMissingException(pin.SettingName, pin.Path ?? string.Empty);
        }

        var length = new FileInfo(pin.Path).Length;
        if (length != pin.SizeBytes)
        {
            throw new ModelFileSizeMismatchException(pin.SettingName, pin.Path, pin.SizeBytes, length);
        }

        await using var stream = new FileStream(pin.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        if (checkHeader is not null)
        {
            checkHeader(stream);
            stream.Position = 0;
        }

        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        if (!string.Equals(hash, pin.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelFileHashMismatchException(pin.SettingName, pin.Path, pin.Sha256.ToLowerInvariant(), hash);
        }
    }
}
