namespace Lifestream.Pipeline.ModelFiles;

/// <summary>
/// A model file on disk and what it must be: exact size and SHA-256 (lower-case hex).
/// <paramref name="SettingName"/> names the configuration setting that supplied the path, so errors can say what to fix.
/// </summary>
public sealed record PinnedModelFile(string Path, string Sha256, long SizeBytes, string SettingName);
