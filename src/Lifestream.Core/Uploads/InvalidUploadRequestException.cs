namespace Lifestream.Core.Uploads;

/// <summary>The request body lacks a field or has one of the wrong shape.</summary>
public sealed class InvalidUploadRequestException(string detail)
    : UploadApiException("invalid-request", "The request is invalid.", ProblemKind.BadRequest, detail);
