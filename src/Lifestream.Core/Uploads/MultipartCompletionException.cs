namespace Lifestream.Core.Uploads;

/// <summary>Complete was called for a single-PUT upload, or storage refused the parts.</summary>
public sealed class MultipartCompletionException(string detail)
    : UploadApiException("multipart-completion-failed", "The multipart upload could not be completed.", ProblemKind.Conflict, detail);
