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
