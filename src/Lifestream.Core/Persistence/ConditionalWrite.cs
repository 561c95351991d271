namespace Lifestream.Core.Persistence;

/// <summary>
/// What a conditional insert or replace did. When the condition failed, the store hands back the record it found
/// (DynamoDB: <c>ReturnValuesOnConditionCheckFailure = ALL_OLD</c>) so the state machine can tell "someone else
/// wrote" from "our own write already applied" — the case of an SDK retry whose first answer was lost.
/// </summary>
/// <param name="Applied">The condition held and the record was written by this call.</param>
/// <param name="Found">On a failed condition, the stored record (null when absent or not returned).</param>
public readonly record struct ConditionalWrite<T>(bool Applied, T? Found)
    where T : class;

/// <summary>Factories for <see cref="ConditionalWrite{T}"/>.</summary>
public static class ConditionalWrite
{
    public static ConditionalWrite<T> Written<T>()
        where T : class => new(true, null);

    public static ConditionalWrite<T> Rejected<T>(T? found)
        where T : class => new(false, found);
}

/// <summary>
/// Per-call write tokens. Every conditional write stores a fresh token beside the data; a write whose condition
/// failed but whose stored token is the caller's own was applied by an earlier (retried) send of the same request.
/// </summary>
public static class WriteTokens
{
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>True when <paramref name="write"/> is this call's write: applied now, or applied by a retried send.</summary>
    public static bool IsOurs<T>(ConditionalWrite<T> write, string token, Func<T, string?> tokenOf)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(tokenOf);
        return write.Applied || (write.Found is { } found && string.Equals(tokenOf(found), token, StringComparison.Ordinal));
    }
}
