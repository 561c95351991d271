using System.Text.Json.Serialization;
using Lifestream.Core.Uploads;

namespace Lifestream.Api;

// Wire shapes of the API (snake_case JSON). The application layer's records stay free of HTTP concerns;
// these add the links and the request field names of the contract.

/// <summary>POST /api/v1/uploads body.</summary>
public sealed record CreateUploadBody(
    [property: JsonPropertyName("filename")] string? Filename,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("content_type")] string? ContentType);

/// <summary>One uploaded part: its number and the ETag header its PUT returned.</summary>
public sealed record CompletedPartBody(
    [property: JsonPropertyName("part_number")] int PartNumber,
    [property: JsonPropertyName("etag")] string? ETag);

/// <summary>POST /api/v1/uploads/{job_id}/complete body.</summary>
public sealed record CompleteUploadBody([property: JsonPropertyName("parts")] IReadOnlyList<CompletedPartBody>? Parts);

/// <summary>How to upload: <c>method</c> is <c>PUT</c> (one request to <c>url</c> with <c>headers</c>) or <c>multipart</c>.</summary>
public sealed record UploadInstructions
{
    [JsonPropertyName("method")]
    public required string Method { get; init; }

    [JsonPropertyName("url")]
    public Uri? Url { get; init; }

    [JsonPropertyName("headers")]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("part_size")]
    public long? PartSize { get; init; }

    [JsonPropertyName("parts")]
    public IReadOnlyList<UploadPartInstructions>? Parts { get; init; }

    [JsonPropertyName("complete_url")]
    public string? CompleteUrl { get; init; }
}

public sealed record UploadPartInstructions(
    [property: JsonPropertyName("part_number")] int PartNumber,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("url")] Uri Url);

/// <summary>201 answer of POST /api/v1/uploads.</summary>
public sealed record UploadResponse
{
    [JsonPropertyName("job_id")]
    public required string JobId { get; init; }

    [JsonPropertyName("s3_key")]
    public required string S3Key { get; init; }

    [JsonPropertyName("expires_at")]
    public required DateTimeOffset ExpiresAt { get; init; }

    [JsonPropertyName("upload")]
    public required UploadInstructions Upload { get; init; }

    [JsonPropertyName("confirm_url")]
    public required string ConfirmUrl { get; init; }
}

/// <summary>Links of a job resource.</summary>
public sealed record JobLinks
{
    [JsonPropertyName("self")]
    public required string Self { get; init; }

    [JsonPropertyName("video")]
    public required string Video { get; init; }

    [JsonPropertyName("summary_json")]
    public string? SummaryJson { get; init; }

    [JsonPropertyName("summary_md")]
    public string? SummaryMarkdown { get; init; }

    /// <summary>Each result document by name (e.g. <c>transcript.vtt</c>, <c>keyframes/scene-001.jpg</c>).</summary>
    [JsonPropertyName("documents")]
    public required IReadOnlyDictionary<string, string> Documents { get; init; }
}

/// <summary>A job as GET /api/v1/jobs/{job_id} returns it.</summary>
public sealed record JobResponse
{
    [JsonPropertyName("job_id")]
    public required string JobId { get; init; }

    [JsonPropertyName("file_name")]
    public required string FileName { get; init; }

    [JsonPropertyName("status")]
    [System.ComponentModel.Description("queued, dispatched, running, retrying (an attempt failed transiently; the next is due at retry_at) or one of the terminal statuses succeeded, failed, timed_out, interrupted, rejected (the upload was refused: over a limit, an unsafe key, another bucket or a missing object; permanent, never retried; error names the limit and the value) (docs/state-machines.md).")]
    public required string Status { get; init; }

    /// <summary>While retrying: the earliest start of the next attempt.</summary>
    [JsonPropertyName("retry_at")]
    public DateTimeOffset? RetryAt { get; init; }

    [JsonPropertyName("terminal")]
    public required bool Terminal { get; init; }

    [JsonPropertyName("stage")]
    public string? Stage { get; init; }

    [JsonPropertyName("progress")]
    public required double Progress { get; init; }

    [JsonPropertyName("attempts")]
    public required int Attempts { get; init; }

    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Wall seconds per completed stage.</summary>
    [JsonPropertyName("timings")]
    public required IReadOnlyDictionary<string, double> Timings { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("links")]
    public required JobLinks Links { get; init; }

    public static JobResponse From(JobView job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var self = ApiRoutes.Job(job.JobId);
        var documents = job.Documents.ToDictionary(d => d, d => $"{self}/documents/{d}", StringComparer.Ordinal);
        return new JobResponse
        {
            JobId = job.JobId,
            FileName = job.FileName,
            Status = job.Status,
            RetryAt = job.RetryAt,
            Terminal = job.Terminal,
            Stage = job.Stage,
            Progress = job.Progress,
            Attempts = job.Attempts,
            CreatedAt = job.CreatedAt,
            UpdatedAt = job.UpdatedAt,
            Timings = job.StageTimings,
            Error = job.Error,
            Links = new JobLinks
            {
                Self = self,
                Video = $"{self}/video",
                SummaryJson = job.Documents.Contains("summary.json") ? $"{self}/summary?format=json" : null,
                SummaryMarkdown = job.Documents.Contains("summary.md") ? $"{self}/summary?format=md" : null,
                Documents = documents,
            },
        };
    }
}

/// <summary>GET /api/v1/jobs answer: newest first; pass <c>next_cursor</c> as <c>cursor</c> for the next page.</summary>
public sealed record JobListResponse(
    [property: JsonPropertyName("jobs")] IReadOnlyList<JobResponse> Jobs,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

/// <summary>GET …/documents/keyframes answer.</summary>
public sealed record KeyframeListResponse([property: JsonPropertyName("keyframes")] IReadOnlyDictionary<string, string> Keyframes);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateUploadBody))]
[JsonSerializable(typeof(CompleteUploadBody))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(JobResponse))]
[JsonSerializable(typeof(JobListResponse))]
[JsonSerializable(typeof(KeyframeListResponse))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

/// <summary>Paths of the API (one place, so links and routes agree).</summary>
public static class ApiRoutes
{
    public const string Prefix = "/api/v1";

    public static string Job(string jobId) => $"{Prefix}/jobs/{jobId}";

    public static string Confirm(string jobId) => $"{Prefix}/uploads/{jobId}/confirm";

    public static string Complete(string jobId) => $"{Prefix}/uploads/{jobId}/complete";
}
