namespace Lifestream.Core.Uploads;

/// <summary>Confirm was called before the video was (completely) uploaded.</summary>
public sealed class UploadMissingException(string detail)
    : UploadApiException("upload-missing", "The video has not been uploaded yet.", ProblemKind.Conflict, detail);
