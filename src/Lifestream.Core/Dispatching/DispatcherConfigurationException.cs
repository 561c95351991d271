namespace Lifestream.Core.Dispatching;

/// <summary>The dispatcher cannot start: the message lists every missing or invalid setting at once.</summary>
public sealed class DispatcherConfigurationException : Exception
{
    public DispatcherConfigurationException()
    {
        Problems = [];
    }

    public DispatcherConfigurationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public DispatcherConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public DispatcherConfigurationException(IReadOnlyList<string> problems)
        : base($"Dispatcher configuration has {problems?.Count ?? 0} problem(s):{Environment.NewLine}  - "
            + string.Join(Environment.NewLine + "  - ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; }
}
