using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifestream.Core.Processing;

/// <summary>
/// <c>results/&lt;job_id&gt;/failure_report.json</c>: why a run ended without results. Every text field
/// passes through <see cref="SecretRedactor"/>; no stack traces (they go to the task log).
/// </summary>
public sealed record FailureReport
{
    public const string FileName = "failure_report.json";
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string JobId { get; init; }

    public required int Attempt { get; init; }

    public required string S3Bucket { get; init; }

    public required string S3Key { get; init; }

    public required string ETag { get; init; }

    /// <summary>The job status the attempt left: retrying, or terminal failed, timed_out or interrupted.</summary>
    public required string Outcome { get; init; }

    /// <summary>The failure cause the retry policy decided on (<c>FailureCause</c>: e.g. ObjectMissing, Interrupted).</summary>
    public string? Cause { get; init; }

    /// <summary>The lifecycle or pipeline stage that was running ("download", "probe", "asr", "upload", …).</summary>
    public required string Stage { get; init; }

    /// <summary>Exception type name, or TaskTimeout / Interrupted for the cancellation paths.</summary>
    public required string ErrorType { get; init; }

    public required string Message { get; init; }

    /// <summary>Inner exceptions, outermost first (type and redacted message).</summary>
    public IReadOnlyList<ExceptionCause> Causes { get; init; } = [];

    public required IReadOnlyDictionary<string, double> StageTimings { get; init; }

    public required int ExitCode { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static FailureReport FromJson(string json) =>
        JsonSerializer.Deserialize<FailureReport>(json, JsonOptions) ?? throw new JsonException("failure report is null");

    public static IReadOnlyList<ExceptionCause> CausesOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var causes = new List<ExceptionCause>();
        for (var inner = exception.InnerException; inner is not null && causes.Count < 5; inner = inner.InnerException)
        {
            causes.Add(new ExceptionCause(inner.GetType().Name, SecretRedactor.RedactAndTruncate(inner.Message)));
        }

        return causes;
    }
}

/// <summary>One inner exception of a failure report (type and redacted message).</summary>
public sealed record ExceptionCause(string ErrorType, string Message);
