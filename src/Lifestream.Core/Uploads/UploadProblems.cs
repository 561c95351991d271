namespace Lifestream.Core.Uploads;

/// <summary>How a host should answer a failure (it picks the HTTP status; the core does not know HTTP).</summary>
public enum ProblemKind
{
    /// <summary>The request is malformed (400).</summary>
    BadRequest,

    /// <summary>The request is well-formed but its content is refused (422).</summary>
    Unprocessable,

    /// <summary>Nothing the caller may see exists under that id (404).</summary>
    NotFound,

    /// <summary>The resource is not in a state that allows the request (409).</summary>
    Conflict,

    /// <summary>A dependency failed; nothing was changed and the request may be retried (503).</summary>
    Unavailable,
}

/// <summary>
/// A failure of the upload API with a stable problem type (RFC 9457 <c>type</c> is
/// <c>urn:lifestream:problem:&lt;ProblemType&gt;</c>) and a detail safe to show the caller: never a presigned
/// URL, a stack trace or another owner's data.
/// </summary>
public abstract class UploadApiException : Exception
{
    protected UploadApiException(string problemType, string title, ProblemKind kind, string detail)
        : base(detail)
    {
        ProblemType = problemType;
        Title = title;
        Kind = kind;
    }

    public string ProblemType { get; }

    public string Title { get; }

    public ProblemKind Kind { get; }
}

/// <summary>The request body lacks a field or has one of the wrong shape.</summary>
public sealed class InvalidUploadRequestException(string detail)
    : UploadApiException("invalid-request", "The request is invalid.", ProblemKind.BadRequest, detail);

/// <summary>The file is not an .mp4 or .mov video (by extension or declared content type).</summary>
public sealed class UnsupportedFileTypeException(string detail)
    : UploadApiException("unsupported-file-type", "Only .mp4 and .mov videos are accepted.", ProblemKind.Unprocessable, detail);

/// <summary>The declared size is above the limit setting.</summary>
public sealed class UploadTooLargeException(long declared, long limit)
    : UploadApiException("upload-too-large", "The video is larger than the upload limit.", ProblemKind.Unprocessable, $"The declared size {declared} bytes exceeds the limit of {limit} bytes.");

/// <summary>The file name cannot be turned into a safe object key.</summary>
public sealed class InvalidFileNameException(string detail)
    : UploadApiException("invalid-file-name", "The file name is not acceptable.", ProblemKind.Unprocessable, detail);

/// <summary>No job or upload of the caller has this id (unknown, malformed, or another owner's: indistinguishable on purpose).</summary>
public sealed class JobNotFoundException(string jobId)
    : UploadApiException("job-not-found", "No such job.", ProblemKind.NotFound, $"There is no job '{Shorten(jobId)}'.")
{
    private static string Shorten(string id) => id.Length <= 64 ? id : id[..64] + "…";
}

/// <summary>Confirm was called before the video was (completely) uploaded.</summary>
public sealed class UploadMissingException(string detail)
    : UploadApiException("upload-missing", "The video has not been uploaded yet.", ProblemKind.Conflict, detail);

/// <summary>The uploaded object's size differs from the declared size.</summary>
public sealed class UploadSizeMismatchException(long declared, long actual)
    : UploadApiException("upload-size-mismatch", "The uploaded video does not have the declared size.", ProblemKind.Unprocessable, $"Declared {declared} bytes, uploaded {actual} bytes. Upload the file again with the same URL, or start a new upload.");

/// <summary>The uploaded bytes do not start like an ISO-BMFF (MP4/QuickTime) file.</summary>
public sealed class NotAVideoException()
    : UploadApiException("not-a-video", "The uploaded file is not an MP4 or QuickTime video.", ProblemKind.Unprocessable, "The file does not start with an ISO-BMFF 'ftyp' box.");

/// <summary>Complete was called for a single-PUT upload, or storage refused the parts.</summary>
public sealed class MultipartCompletionException(string detail)
    : UploadApiException("multipart-completion-failed", "The multipart upload could not be completed.", ProblemKind.Conflict, detail);

/// <summary>DELETE of a job that is still queued or running.</summary>
public sealed class JobStillActiveException(string jobId, string status)
    : UploadApiException("job-active", "The job is still active.", ProblemKind.Conflict, $"Job '{jobId}' is {status}; it can be deleted once it has finished.");

/// <summary>Results were asked for before the job succeeded.</summary>
public sealed class ResultsNotReadyException(string jobId, string status)
    : UploadApiException("results-not-ready", "The job has no results yet.", ProblemKind.Conflict, $"Job '{jobId}' is {status}; results exist once it has succeeded.");

/// <summary>The job succeeded but has no such document.</summary>
public sealed class DocumentNotFoundException(string name)
    : UploadApiException("document-not-found", "No such document.", ProblemKind.NotFound, $"The job has no document '{name}'.");

/// <summary>The list cursor was not produced by this API.</summary>
public sealed class InvalidCursorException()
    : UploadApiException("invalid-cursor", "The cursor is invalid.", ProblemKind.BadRequest, "Pass the next_cursor value of a previous page unchanged.");

/// <summary>The dispatch queue did not take the confirm message; the job was not created.</summary>
public sealed class DispatchUnavailableException(string jobId)
    : UploadApiException("dispatch-unavailable", "The job could not be queued.", ProblemKind.Unavailable, $"Queueing job '{jobId}' failed; nothing was changed. Retry the confirm.");
