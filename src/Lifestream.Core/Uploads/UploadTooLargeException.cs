namespace Lifestream.Core.Uploads;

/// <summary>The declared size is above the limit setting.</summary>
public sealed class UploadTooLargeException(long declared, long limit)
    : UploadApiException("upload-too-large", "The video is larger than the upload limit.", ProblemKind.Unprocessable, $"The declared size {declared} bytes exceeds the limit of {limit} bytes.");
