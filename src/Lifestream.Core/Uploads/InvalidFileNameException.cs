namespace Lifestream.Core.Uploads;

/// <summary>The file name cannot be turned into a safe object key.</summary>
public sealed class InvalidFileNameException(string detail)
    : UploadApiException("invalid-file-name", "The file name is not acceptable.", ProblemKind.Unprocessable, detail);
