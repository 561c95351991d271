namespace Lifestream.Core.Uploads;

/// <summary>The list cursor was not produced by this API.</summary>
public sealed class InvalidCursorException()
    : UploadApiException("invalid-cursor", "The cursor is invalid.", ProblemKind.BadRequest, "Pass the next_cursor value of a previous page unchanged.");
