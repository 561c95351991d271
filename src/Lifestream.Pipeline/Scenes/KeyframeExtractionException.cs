namespace Lifestream.Pipeline.Scenes;

/// <summary>ffmpeg could not write a keyframe JPEG for a scene.</summary>
public sealed class KeyframeExtractionException : Exception
{
    public KeyframeExtractionException()
    {
    }

    public KeyframeExtractionException(string message)
        : base(message)
    {
    }

    public KeyframeExtractionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
