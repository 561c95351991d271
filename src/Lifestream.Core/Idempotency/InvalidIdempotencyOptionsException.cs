namespace Lifestream.Core.Idempotency;

/// <summary>The claim policy is unusable; the message lists every problem, each naming the setting.</summary>
public sealed class InvalidIdempotencyOptionsException : Exception
{
    public InvalidIdempotencyOptionsException()
    {
        Problems = [];
    }

    public InvalidIdempotencyOptionsException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public InvalidIdempotencyOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public InvalidIdempotencyOptionsException(IReadOnlyList<string> problems)
        : base("Invalid idempotency options: " + string.Join(" ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; }
}
