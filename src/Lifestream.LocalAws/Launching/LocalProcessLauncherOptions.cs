namespace Lifestream.LocalAws.Launching;

/// <summary>How the local stand-in for Fargate starts the processor host.</summary>
public sealed record LocalProcessLauncherOptions
{
    /// <summary>Program to run: the processor host's apphost, or <c>dotnet</c> with the dll as first argument.</summary>
    public required string FileName { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public string WorkingDirectory { get; init; } = System.Environment.CurrentDirectory;

    /// <summary>Variables every task gets besides the launch request's (emulator endpoints, region, credentials).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Tasks allowed to run at once; beyond that a launch fails like Fargate without capacity.</summary>
    public int MaxConcurrentTasks { get; init; } = 2;

    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(FileName))
        {
            problems.Add($"{nameof(FileName)} is required.");
        }
        else if (FileName.Contains('/', StringComparison.Ordinal) && !File.Exists(FileName))
        {
            problems.Add($"{nameof(FileName)} '{FileName}' does not exist.");
        }

        if (!Directory.Exists(WorkingDirectory))
        {
            problems.Add($"{nameof(WorkingDirectory)} '{WorkingDirectory}' does not exist.");
        }

        if (MaxConcurrentTasks is < 1 or > 64)
        {
            problems.Add($"{nameof(MaxConcurrentTasks)} must be between 1 and 64 (was {MaxConcurrentTasks}).");
        }

        return problems;
    }
}
