namespace Lifestream.Aws.Queue;

/// <summary>Settings of the local queue worker (the Lambda event source mapping's stand-in).</summary>
public sealed record SqsQueueWorkerOptions
{
    public required string QueueUrl { get; init; }

    /// <summary>Messages per receive (1-10), like the event source mapping's batch size.</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Long-poll wait per receive (0-20 s).</summary>
    public TimeSpan WaitTime { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>While a batch is being dispatched, its messages' visibility is pushed out this far …</summary>
    public TimeSpan HeartbeatExtension { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>… every this often, so a slow dispatch is not redelivered to another worker meanwhile.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A message that must be retried becomes visible again after this (instead of the queue's full visibility
    /// timeout); each redelivery counts towards maxReceiveCount, after which SQS moves it to the DLQ.
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(QueueUrl))
        {
            problems.Add($"{nameof(QueueUrl)} is required.");
        }

        if (BatchSize is < 1 or > 10)
        {
            problems.Add($"{nameof(BatchSize)} must be between 1 and 10 (was {BatchSize}).");
        }

        if (WaitTime < TimeSpan.Zero || WaitTime > TimeSpan.FromSeconds(20))
        {
            problems.Add($"{nameof(WaitTime)} must be between 0 and 20 seconds (was {WaitTime}).");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatExtension <= HeartbeatInterval || HeartbeatExtension > TimeSpan.FromHours(12))
        {
            problems.Add($"{nameof(HeartbeatInterval)} must be positive and shorter than {nameof(HeartbeatExtension)} (at most 12 hours).");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromHours(12))
        {
            problems.Add($"{nameof(RetryDelay)} must be between 0 and 12 hours (was {RetryDelay}).");
        }

        return problems;
    }
}
