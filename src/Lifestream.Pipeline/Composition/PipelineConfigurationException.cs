namespace Lifestream.Pipeline.Composition;

/// <summary>Pipeline settings are invalid; the message lists every problem, each naming its variable.</summary>
public sealed class PipelineConfigurationException : Exception
{
    public PipelineConfigurationException()
    {
        Problems = [];
    }

    public PipelineConfigurationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public PipelineConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public PipelineConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid pipeline settings: " + string.Join(" ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; }
}
