namespace Lifestream.Core.Uploads;

/// <summary>The uploaded bytes do not start like an ISO-BMFF (MP4/QuickTime) file.</summary>
public sealed class NotAVideoException()
    : UploadApiException("not-a-video", "The uploaded file is not an MP4 or QuickTime video.", ProblemKind.Unprocessable, "The file does not start with an ISO-BMFF 'ftyp' box.");
