using Lifestream.Core.Jobs;

namespace Lifestream.Core.Dispatching;

/// <summary>The jobs-table read made alongside HeadObject (see <c>UploadDispatcher.DispatchObjectAsync</c>).</summary>
/// <param name="Confirmed">The confirm message's job, when the message names one and it exists.</param>
/// <param name="SameKey">Jobs of the same S3 key, when the message names no job.</param>
internal sealed record JobLookup(JobRecord? Confirmed, IReadOnlyList<JobRecord> SameKey);
