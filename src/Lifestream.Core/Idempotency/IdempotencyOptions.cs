using Lifestream.Core.Configuration;

namespace Lifestream.Core.Idempotency;

/// <summary>Claim policy shared by the dispatcher and the processor (docs/state-machines.md).</summary>
public sealed record IdempotencyOptions : IValidatedOptions
{
    /// <summary>How long a dispatched/running claim is protected before another dispatcher may take it over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Claims (attempts) allowed per object version; a failed claim with attempts left can be re-taken.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Records carry a DynamoDB TTL this far after their last write.</summary>
    public TimeSpan RecordTimeToLive { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration > TimeSpan.FromDays(1))
        {
            problems.Add($"{nameof(LeaseDuration)} must be between 1 second and 1 day (was {LeaseDuration}).");
        }

        if (MaxAttempts is < 1 or > 100)
        {
            problems.Add($"{nameof(MaxAttempts)} must be between 1 and 100 (was {MaxAttempts}).");
        }

        if (RecordTimeToLive < TimeSpan.FromHours(1) || RecordTimeToLive > TimeSpan.FromDays(3650))
        {
            problems.Add($"{nameof(RecordTimeToLive)} must be between 1 hour and 3650 days (was {RecordTimeToLive}).");
        }

        if (RecordTimeToLive <= LeaseDuration)
        {
            problems.Add($"{nameof(RecordTimeToLive)} ({RecordTimeToLive}) must be longer than {nameof(LeaseDuration)} ({LeaseDuration}).");
        }

        return problems;
    }
}
