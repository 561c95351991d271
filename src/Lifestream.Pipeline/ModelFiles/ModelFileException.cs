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
