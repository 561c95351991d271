namespace Lifestream.Pipeline.ModelFiles;

/// <summary>A model file failed verification. Subtypes say which check failed; the message names the setting and path.</summary>
public abstract class ModelFileException : Exception
{
    protected ModelFileException(string settingName, string path, string message)
        : base(message)
    {
        SettingName = settingName;
        ModelPath = path;
    }

    /// <summary>The configuration setting that supplied the path.</summary>
    public string SettingName { get; }

    public string ModelPath { get; }
}

/// <summary>The configured model path is empty or the file does not exist.</summary>
public sealed class ModelFileMissingException(string settingName, string path)
    : ModelFileException(settingName, path, $"Model file for setting '{settingName}' not found: '{path}'.");

/// <summary>The file size differs from the pinned size (typically a truncated download).</summary>
public sealed class ModelFileSizeMismatchException(string settingName, string path, long expected, long actual)
    : ModelFileException(settingName, path, $"Model file '{path}' (setting '{settingName}') has {actual} bytes; the pinned size is {expected} bytes.")
{
    public long ExpectedBytes { get; } = expected;

    public long ActualBytes { get; } = actual;
}

/// <summary>The file's SHA-256 differs from the pinned hash (corrupt or a different model).</summary>
public sealed class ModelFileHashMismatchException(string settingName, string path, string expected, string actual)
    : ModelFileException(settingName, path, $"Model file '{path}' (setting '{settingName}') has SHA-256 {actual}; the pinned hash is {expected}.")
{
    public string ExpectedSha256 { get; } = expected;

    public string ActualSha256 { get; } = actual;
}

/// <summary>The file does not have the expected format header (e.g. not a ggml Whisper model).</summary>
public sealed class ModelFileFormatException(string settingName, string path, string problem)
    : ModelFileException(settingName, path, $"Model file '{path}' (setting '{settingName}') is not a valid model: {problem}.");
