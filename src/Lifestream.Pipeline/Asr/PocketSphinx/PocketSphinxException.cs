using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Asr.PocketSphinx;

/// <summary>The native pocketsphinx library is missing or one of its calls failed.</summary>
public sealed class PocketSphinxException : PipelineException
{
    public PocketSphinxException(string message, Exception? innerException = null)
        : base("asr", message, innerException)
    {
    }
}
