using Lifestream.Core.Storage;
using Lifestream.Core.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lifestream.Api;

/// <summary>The routes: parse, call the application layer, shape the answer. No logic of their own.</summary>
internal static class ApiEndpoints
{
    public const string CallerPolicy = "caller";

    public static void Map(WebApplication app, ApiSettings settings)
    {
        var api = app.MapGroup(ApiRoutes.Prefix).RequireAuthorization(CallerPolicy).RequireCors(ApiHost.CorsPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        string Owner(HttpContext http) => settings.Auth == ApiAuthMode.None
            ? ApiSettings.LocalOwner
            : http.User.FindFirst(ApiHost.OwnerClaim)?.Value ?? throw new InvalidOperationException("The caller policy admits only tokens with a subject.");

        api.MapPost("/uploads", async Task<Created<UploadResponse>> (CreateUploadBody body, HttpContext http, UploadService uploads, CancellationToken ct) =>
        {
            var ticket = await uploads.CreateAsync(Owner(http), new UploadRequest(body.Filename, body.Size, body.ContentType), ct);
            return TypedResults.Created(ApiRoutes.Job(ticket.JobId), ToResponse(ticket));
        })
            .WithName("CreateUpload")
            .WithSummary("Reserve an upload: a presigned PUT, or a multipart plan for large files.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/uploads/{job_id}/complete", async Task<NoContent> ([FromRoute(Name = "job_id")] string jobId, CompleteUploadBody body, HttpContext http, UploadService uploads, CancellationToken ct) =>
        {
            var parts = body.Parts?.Select(p => new UploadedPart(p.PartNumber, p.ETag ?? string.Empty)).ToList();
            await uploads.CompleteAsync(Owner(http), jobId, new MultipartCompletion(parts), ct);
            return TypedResults.NoContent();
        })
            .WithName("CompleteMultipartUpload")
            .WithSummary("Complete a multipart upload with the ETag of every part.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/uploads/{job_id}/confirm", async Task<Results<Accepted<JobResponse>, Ok<JobResponse>>> ([FromRoute(Name = "job_id")] string jobId, HttpContext http, UploadService uploads, CancellationToken ct) =>
        {
            var result = await uploads.ConfirmAsync(Owner(http), jobId, ct);
            var job = JobResponse.From(result.Job);
            return result.Created ? TypedResults.Accepted(job.Links.Self, job) : TypedResults.Ok(job);
        })
            .WithName("ConfirmUpload")
            .WithSummary("Check the uploaded video and queue its job (idempotent: a replay returns the job).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/jobs", async Task<Ok<JobListResponse>> (int? limit, string? cursor, HttpContext http, UserJobService jobs, CancellationToken ct) =>
        {
            var page = await jobs.ListAsync(Owner(http), limit, cursor, ct);
            return TypedResults.Ok(new JobListResponse([.. page.Jobs.Select(JobResponse.From)], page.NextCursor));
        })
            .WithName("ListJobs")
            .WithSummary("The caller's jobs, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/jobs/{job_id}", async Task<Results<Ok<JobResponse>, StatusCodeHttpResult>> ([FromRoute(Name = "job_id")] string jobId, HttpContext http, UserJobService jobs, CancellationToken ct) =>
        {
            var job = await jobs.GetAsync(Owner(http), jobId, ct);
            var etag = $"W/\"{job.Version}\"";
            http.Response.Headers.ETag = etag;
            http.Response.Headers.CacheControl = "no-cache";
            return http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"))
                ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
                : TypedResults.Ok(JobResponse.From(job));
        })
            .WithName("GetJob")
            .WithSummary("Status, stage, progress, attempts, timings, error and links of a job (ETag: poll with If-None-Match).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/jobs/{job_id}/summary", async Task<RedirectHttpResult> ([FromRoute(Name = "job_id")] string jobId, string? format, HttpContext http, UserJobService jobs, CancellationToken ct) =>
        {
            var name = (format ?? "json") is "json" or "md" ? format ?? "json" : throw new InvalidUploadRequestException("format must be json or md.");
            return Redirect(await jobs.GetDocumentUrlAsync(Owner(http), jobId, name, ct));
        })
            .WithName("GetSummary")
            .WithSummary("Redirect to the summary (json or md) through a short-lived presigned URL.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/jobs/{job_id}/documents/{**name}", async Task<Results<RedirectHttpResult, Ok<KeyframeListResponse>>> ([FromRoute(Name = "job_id")] string jobId, string name, HttpContext http, UserJobService jobs, CancellationToken ct) =>
        {
            var owner = Owner(http);
            if (name == "keyframes")
            {
                var frames = await jobs.ListKeyframesAsync(owner, jobId, ct);
                return TypedResults.Ok(new KeyframeListResponse(frames.ToDictionary(f => f, f => $"{ApiRoutes.Job(jobId)}/documents/{f}", StringComparer.Ordinal)));
            }

            return Redirect(await jobs.GetDocumentUrlAsync(owner, jobId, name, ct));
        })
            .WithName("GetDocument")
            .WithSummary("Redirect to a result document (vtt, srt, rttm, timeline, or a document name); 'keyframes' lists the keyframes.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/jobs/{job_id}/video", async Task<RedirectHttpResult> ([FromRoute(Name = "job_id")] string jobId, HttpContext http, UserJobService jobs, CancellationToken ct) =>
            Redirect(await jobs.GetVideoUrlAsync(Owner(http), jobId, ct)))
            .WithName("GetVideo")
            .WithSummary("Redirect to the uploaded video through a short-lived presigned URL (for playback).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/jobs/{job_id}", async Task<NoContent> ([FromRoute(Name = "job_id")] string jobId, HttpContext http, UserJobService jobs, CancellationToken ct) =>
        {
            await jobs.DeleteAsync(Owner(http), jobId, ct);
            return TypedResults.NoContent();
        })
            .WithName("DeleteJob")
            .WithSummary("Delete a finished job with its upload, results and claim (an active job is refused with 409).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static RedirectHttpResult Redirect(Uri presigned) => TypedResults.Redirect(presigned.AbsoluteUri, permanent: false);

    private static UploadResponse ToResponse(UploadTicket ticket) => new()
    {
        JobId = ticket.JobId,
        S3Key = ticket.S3Key,
        ExpiresAt = ticket.ExpiresAt,
        ConfirmUrl = ApiRoutes.Confirm(ticket.JobId),
        Upload = ticket.Put is { } put
            ? new UploadInstructions { Method = "PUT", Url = put.Url, Headers = new Dictionary<string, string> { ["Content-Type"] = put.ContentType } }
            : new UploadInstructions
            {
                Method = "multipart",
                PartSize = ticket.Multipart!.PartSize,
                Parts = [.. ticket.Multipart.Parts.Select(p => new UploadPartInstructions(p.PartNumber, p.Size, p.Url))],
                CompleteUrl = ApiRoutes.Complete(ticket.JobId),
            },
    };
}
