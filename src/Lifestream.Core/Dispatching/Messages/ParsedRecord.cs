namespace Lifestream.Core.Dispatching.Messages;

/// <summary>Where a dispatch request came from.</summary>
public enum MessageOrigin
{
    /// <summary>An S3 <c>ObjectCreated</c> event notification record.</summary>
    S3Event,

    /// <summary>The upload API's confirm message, naming a job created beforehand in <c>queued</c>.</summary>
    UploadConfirm,
}

/// <summary>An object the dispatcher should process. <see cref="JobId"/> is set for upload-confirm messages.</summary>
public sealed record ObjectDispatchRequest(string Bucket, string Key, MessageOrigin Origin, string? JobId = null);

/// <summary>
/// One record of a message after parsing: either a request to dispatch, or a reason it is acknowledged
/// without work (ignored = well-formed but not for us; malformed = unusable).
/// </summary>
public sealed record ParsedRecord
{
    private ParsedRecord()
    {
    }

    public ObjectDispatchRequest? Request { get; private init; }

    public string? IgnoredReason { get; private init; }

    public string? MalformedReason { get; private init; }

    public static ParsedRecord Dispatch(ObjectDispatchRequest request) => new() { Request = request };

    public static ParsedRecord Ignored(string reason) => new() { IgnoredReason = reason };

    public static ParsedRecord Malformed(string reason) => new() { MalformedReason = reason };

    public override string ToString() =>
        Request is not null ? $"dispatch s3://{Request.Bucket}/{Request.Key}"
        : IgnoredReason is not null ? $"ignored: {IgnoredReason}"
        : $"malformed: {MalformedReason}";
}
