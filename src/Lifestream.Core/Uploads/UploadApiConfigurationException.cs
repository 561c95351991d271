namespace Lifestream.Core.Uploads;

/// <summary>The upload API is configured wrongly; the host refuses to start.</summary>
public sealed class UploadApiConfigurationException : Exception
{
    public UploadApiConfigurationException()
    {
    }

    public UploadApiConfigurationException(string message)
        : base(message)
    {
    }

    public UploadApiConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UploadApiConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid upload API settings: " + string.Join(" ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; } = [];
}
