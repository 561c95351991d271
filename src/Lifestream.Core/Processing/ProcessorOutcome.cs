using Lifestream.Core.Jobs;

namespace Lifestream.Core.Processing;

/// <summary>How a processor run ended: the exit code, the job status it wrote (null when it wrote none) and why.</summary>
public sealed record ProcessorOutcome(ProcessorExitCode ExitCode, JobStatus? JobStatus, string Message)
{
    public IReadOnlyList<string> ResultKeys { get; init; } = [];
}
