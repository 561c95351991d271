namespace Lifestream.Core.Uploads;

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
