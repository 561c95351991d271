namespace Lifestream.Core.Pipeline;

/// <summary>A stage failed; <see cref="Stage"/> names it for failure reports.</summary>
public class PipelineException : Exception
{
    public PipelineException()
    {
        Stage = "unknown";
    }

    public PipelineException(string message)
        : base(message)
    {
        Stage = "unknown";
    }

    public PipelineException(string message, Exception innerException)
        : base(message, innerException)
    {
        Stage = "unknown";
    }

    public PipelineException(string stage, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Stage = stage;
    }

    public string Stage { get; }
}
