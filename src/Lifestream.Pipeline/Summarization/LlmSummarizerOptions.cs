using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Summarization;

/// <summary>
/// The optional model-backed summarizer. Configured only through the environment; when
/// <see cref="EndpointVariable"/> or <see cref="ModelVariable"/> is unset, nothing calls the network.
/// Any OpenAI-compatible endpoint works (OpenAI, Azure OpenAI's v1 endpoint, Ollama, vLLM…).
/// </summary>
public sealed record LlmSummarizerOptions : IValidatedOptions
{
    public const string EndpointVariable = "LIFESTREAM_LLM_ENDPOINT";
    public const string ApiKeyVariable = "LIFESTREAM_LLM_API_KEY";
    public const string ModelVariable = "LIFESTREAM_LLM_MODEL";

    public required Uri Endpoint { get; init; }

    /// <summary>May be empty for local servers. Never logged or written to a document.</summary>
    public string? ApiKey { get; init; }

    public required string Model { get; init; }

    /// <summary>Attempts per request (first try included) before giving up on the model.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Delay before the first retry; doubles each retry.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest prompt (instructions + content) sent in one request, in tokens.</summary>
    public int MaxInputTokensPerRequest { get; init; } = 6000;

    /// <summary>Tokens requested for each answer.</summary>
    public int MaxOutputTokens { get; init; } = 400;

    /// <summary>Prompt tokens the whole run may spend; beyond it the extractive overview is kept (with a warning).</summary>
    public int MaxTotalInputTokens { get; init; } = 200_000;

    /// <summary>Null when the environment does not configure a model (the offline default applies).</summary>
    public static LlmSummarizerOptions? FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var endpoint = getVariable(EndpointVariable);
        var model = getVariable(ModelVariable);
        if (string.IsNullOrWhiteSpace(endpoint) || string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{EndpointVariable} must be an absolute http(s) URL; got '{endpoint}'.");
        }

        var options = new LlmSummarizerOptions { Endpoint = uri, Model = model.Trim(), ApiKey = getVariable(ApiKeyVariable) };
        options.ThrowIfInvalidArgument();
        return options;
    }

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (MaxAttempts < 1)
        {
            problems.Add($"LlmSummarizerOptions.MaxAttempts must be at least 1; got {MaxAttempts}.");
        }

        if (RetryBaseDelay < TimeSpan.Zero)
        {
            problems.Add("LlmSummarizerOptions.RetryBaseDelay must not be negative.");
        }

        if (MaxInputTokensPerRequest < 256 || MaxOutputTokens < 16 || MaxTotalInputTokens < MaxInputTokensPerRequest)
        {
            problems.Add(
                "LlmSummarizerOptions: MaxInputTokensPerRequest must be >= 256, MaxOutputTokens >= 16 and MaxTotalInputTokens >= MaxInputTokensPerRequest.");
        }

        return problems;
    }
}
