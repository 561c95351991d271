namespace Lifestream.Core.Uploads;

/// <summary>The uploaded object's size differs from the declared size.</summary>
public sealed class UploadSizeMismatchException(long declared, long actual)
    : UploadApiException("upload-size-mismatch", "The uploaded video does not have the declared size.", ProblemKind.Unprocessable, $"Declared {declared} bytes, uploaded {actual} bytes. Upload the file again with the same URL, or start a new upload.");
