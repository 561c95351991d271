namespace Lifestream.Pipeline.ModelFiles;

/// <summary>The configured model path is empty or the file does not exist.</summary>
public sealed class ModelFileMissingException(string settingName, string path)
    : ModelFileException(settingName, path, $"Model file for setting '{settingName}' not found: '{path}'.");
