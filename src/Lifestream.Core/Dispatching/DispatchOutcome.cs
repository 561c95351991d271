namespace Lifestream.Core.Dispatching;

/// <summary>What happened to one record of a message.</summary>
public enum DispatchOutcomeKind
{
    /// <summary>A task was launched (RunTask succeeded). Acknowledged.</summary>
    Launched,

    /// <summary>The object version was already processed. Acknowledged.</summary>
    AlreadyProcessed,

    /// <summary>Another dispatcher or task holds an unexpired lease on the claim. Acknowledged.</summary>
    InProgress,

    /// <summary>The claim failed too often or was abandoned; the job is (made) terminal. Acknowledged.</summary>
    AttemptsExhausted,

    /// <summary>Well-formed but not for us (test event, key outside uploads/ or not a video). Acknowledged.</summary>
    Ignored,

    /// <summary>Permanently unprocessable (e.g. object missing); the job is <c>rejected</c>. Acknowledged.</summary>
    Rejected,

    /// <summary>The body or record is unusable. Acknowledged with the reason logged.</summary>
    Malformed,

    /// <summary>Transient failure (launch, storage, throttling): not acknowledged, so SQS redelivers (then DLQ).</summary>
    RetryLater,
}

/// <summary>The outcome of one record, with what is known about it for logs.</summary>
public sealed record DispatchOutcome(DispatchOutcomeKind Kind, string? Reason = null)
{
    public string? Bucket { get; init; }

    public string? Key { get; init; }

    public string? ETag { get; init; }

    public string? JobId { get; init; }

    public int? Attempt { get; init; }

    public string? TaskArn { get; init; }

    /// <summary>For a retried launch: how long the retry policy wants the next attempt delayed (hosts may set the message's visibility).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True when this record does not need the message to stay on the queue.</summary>
    public bool Acknowledge => Kind != DispatchOutcomeKind.RetryLater;
}

/// <summary>The outcome of one queue message: acknowledged only if every record is.</summary>
public sealed record MessageDispatchResult(string MessageId, IReadOnlyList<DispatchOutcome> Records)
{
    public bool Acknowledge => Records.All(r => r.Acknowledge);
}

/// <summary>The outcome of a batch; <see cref="FailedMessageIds"/> become the Lambda's batchItemFailures.</summary>
public sealed record BatchDispatchResult(IReadOnlyList<MessageDispatchResult> Messages)
{
    public IReadOnlyList<string> FailedMessageIds => [.. Messages.Where(m => !m.Acknowledge).Select(m => m.MessageId)];
}
