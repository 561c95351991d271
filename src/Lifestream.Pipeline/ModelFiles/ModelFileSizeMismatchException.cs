namespace Lifestream.Pipeline.ModelFiles;

/// <summary>The file size differs from the pinned size (typically a truncated download).</summary>
public sealed class ModelFileSizeMismatchException(string settingName, string path, long expected, long actual)
    : ModelFileException(settingName, path, $"Model file '{path}' (setting '{settingName}') has {actual} bytes; the pinned size is {expected} bytes.")
{
    public long ExpectedBytes { get; } = expected;

    public long ActualBytes { get; } = actual;
}
