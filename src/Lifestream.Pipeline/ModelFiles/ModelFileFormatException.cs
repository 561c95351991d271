namespace Lifestream.Pipeline.ModelFiles;

/// <summary>The file does not have the expected format header (e.g. not a ggml Whisper model).</summary>
public sealed class ModelFileFormatException(string settingName, string path, string problem)
    : ModelFileException(settingName, path, $"Model file '{path}' (setting '{settingName}') is not a valid model: {problem}.");
