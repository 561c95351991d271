namespace Lifestream.Core.Processing;

/// <summary>The processor environment is invalid. <see cref="Problems"/> lists every problem found, not just the first.</summary>
public sealed class ProcessorSettingsException : Exception
{
    public ProcessorSettingsException()
        : this([])
    {
    }

    public ProcessorSettingsException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public ProcessorSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public ProcessorSettingsException(IReadOnlyList<string> problems, string? jobId = null, string? jobsTableName = null)
        : base(FormatMessage(problems))
    {
        Problems = problems;
        JobId = jobId;
        JobsTableName = jobsTableName;
    }

    public IReadOnlyList<string> Problems { get; } = [];

    /// <summary>The job id when it was valid, so the host can still mark the job failed.</summary>
    public string? JobId { get; }

    /// <summary>The jobs table when it was given, so the host can still mark the job failed.</summary>
    public string? JobsTableName { get; }

    private static string FormatMessage(IReadOnlyList<string> problems) =>
        problems.Count == 0
            ? "Invalid processor settings."
            : $"Invalid processor settings ({problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")}):"
              + string.Concat(problems.Select(p => Environment.NewLine + " - " + p));
}
