namespace Lifestream.Core.Idempotency;

/// <summary>
/// State of an idempotency claim on <c>s3_key|etag</c>. See docs/state-machines.md.
/// </summary>
public enum ClaimState
{
    /// <summary>A dispatcher launched (or is launching) a task; holds a lease that expires.</summary>
    Dispatched,

    /// <summary>A processor task owns the claim; holds a lease that expires.</summary>
    Running,

    /// <summary>Terminal: results exist at <c>result_s3_key</c>.</summary>
    Processed,

    /// <summary>The last attempt failed; can be reclaimed while attempts remain.</summary>
    Failed,

    /// <summary>Terminal: the version is given up (permanent cause, or the last attempt failed); never reclaimed.</summary>
    Abandoned,
}

public static class ClaimStateExtensions
{
    public static string ToWire(this ClaimState state) => state switch
    {
        ClaimState.Dispatched => "dispatched",
        ClaimState.Running => "running",
        ClaimState.Processed => "processed",
        ClaimState.Failed => "failed",
        ClaimState.Abandoned => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown claim state."),
    };

    public static ClaimState ParseWire(string value) => value switch
    {
        "dispatched" => ClaimState.Dispatched,
        "running" => ClaimState.Running,
        "processed" => ClaimState.Processed,
        "failed" => ClaimState.Failed,
        "abandoned" => ClaimState.Abandoned,
        _ => throw new FormatException($"Unknown claim state '{value}'."),
    };
}
