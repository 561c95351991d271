using Lifestream.Core.Configuration;

namespace Lifestream.Aws.Ecs;

/// <summary>Where and how the RunTask client talks to ECS.</summary>
public sealed record EcsClientOptions : IValidatedOptions
{
    /// <summary>AWS region the requests are signed for (e.g. eu-west-1).</summary>
    public required string Region { get; init; }

    /// <summary>ECS endpoint; <c>https://ecs.&lt;region&gt;.amazonaws.com/</c> unless overridden (AWS_ENDPOINT_URL_ECS).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Tries in total for throttling, 5xx and network errors (1 = no retry).</summary>
    public int MaxTries { get; init; } = 4;

    /// <summary>First backoff; doubles per retry with full jitter, capped at <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-request timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public Uri ResolvedEndpoint => Endpoint ?? new Uri($"https://ecs.{Region}.amazonaws.com/");

    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Region))
        {
            problems.Add("ECS region is required (AWS_REGION or AWS_DEFAULT_REGION).");
        }

        if (Endpoint is { IsAbsoluteUri: false } || Endpoint is { Scheme: not ("http" or "https") })
        {
            problems.Add($"ECS endpoint must be an absolute http(s) URL (was '{Endpoint}').");
        }

        if (MaxTries is < 1 or > 10)
        {
            problems.Add($"{nameof(MaxTries)} must be between 1 and 10 (was {MaxTries}).");
        }

        if (BaseBackoff < TimeSpan.Zero || MaxBackoff < BaseBackoff)
        {
            problems.Add($"{nameof(BaseBackoff)} must be >= 0 and <= {nameof(MaxBackoff)}.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(RequestTimeout)} must be positive.");
        }

        return problems;
    }
}
