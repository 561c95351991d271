namespace Lifestream.Pipeline.Summarization;

/// <summary>The model-backed summarizer reached its total prompt-token budget.</summary>
public sealed class TokenBudgetExceededException : Exception
{
    public TokenBudgetExceededException()
    {
    }

    public TokenBudgetExceededException(string message)
        : base(message)
    {
    }

    public TokenBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
