namespace Lifestream.Core.Uploads;

/// <summary>The file is not an .mp4 or .mov video (by extension or declared content type).</summary>
public sealed class UnsupportedFileTypeException(string detail)
    : UploadApiException("unsupported-file-type", "Only .mp4 and .mov videos are accepted.", ProblemKind.Unprocessable, detail);
