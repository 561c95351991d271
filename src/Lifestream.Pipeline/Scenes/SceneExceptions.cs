namespace Lifestream.Pipeline.Scenes;

/// <summary>ffmpeg could not decode the video stream into analysis frames (or produced none).</summary>
public sealed class FrameDecodingException : Exception
{
    public FrameDecodingException()
    {
    }

    public FrameDecodingException(string message)
        : base(message)
    {
    }

    public FrameDecodingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

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
