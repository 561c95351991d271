using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Storage;
using Lifestream.Core.Uploads;

namespace Lifestream.Core.Dispatching;

/// <summary>
/// What the dispatcher refuses before a task is paid for: a bucket other than the configured one, a key the
/// <see cref="UploadKeyRule"/> calls unsafe, and (once HeadObject answered) an object over the size limit.
/// Every refusal is permanent: the record is acknowledged and the job, where one is recorded, ends <c>rejected</c>.
/// </summary>
public sealed class UploadAdmission(string? uploadsBucket, UploadLimits limits)
{
    private readonly UploadLimits limits = limits ?? throw new ArgumentNullException(nameof(limits));

    /// <summary>The configured bucket, or null when this dispatcher is not pinned to one (in-process test hosts).</summary>
    public string? UploadsBucket { get; } = uploadsBucket;

    /// <summary>Why the request is refused before any storage call, or null.</summary>
    public Refusal? Refuse(ObjectDispatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (UploadsBucket is not null && !string.Equals(request.Bucket, UploadsBucket, StringComparison.Ordinal))
        {
            // Not our bucket: no job record is created for it (the table holds our uploads only).
            return new Refusal($"bucket '{request.Bucket}' is not the configured uploads bucket '{UploadsBucket}'", RecordJob: false);
        }

        return UploadKeyRule.ExplainUnsafe(request.Key) is { } why
            ? new Refusal($"the object key {why}", RecordJob: true)
            : null;
    }

    /// <summary>Why the object HeadObject described is refused, or null.</summary>
    public Refusal? Refuse(ObjectMetadata head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return limits.CheckObjectSize(head.SizeBytes) is { } violation
            ? new Refusal($"rejected: {violation.Message}", RecordJob: true)
            : null;
    }

    /// <summary>A permanent refusal; <paramref name="RecordJob"/> says whether a rejected job record is kept for it.</summary>
    public sealed record Refusal(string Reason, bool RecordJob);
}
