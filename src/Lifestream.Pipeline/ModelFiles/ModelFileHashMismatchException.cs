namespace Lifestream.Pipeline.ModelFiles;

/// <summary>The file's SHA-256 differs from the pinned hash (corrupt or a different model).</summary>
public sealed class ModelFileHashMismatchException(string settingName, string path, string expected, string actual)
    : ModelFileException(settingName, path, $"Model file '{path}' (setting '{settingName}') has SHA-256 {actual}; the pinned hash is {expected}.")
{
    public string ExpectedSha256 { get; } = expected;

    public string ActualSha256 { get; } = actual;
}
