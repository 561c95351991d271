using System.Globalization;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Processing;

namespace Lifestream.Core.Reconciliation;

/// <summary>
/// The job attempt a stopped task ran, read back from the container overrides the dispatcher set
/// (<see cref="Dispatching.ProcessorLaunchFactory"/>): the overrides travel with every ECS task state change event,
/// so no lookup by task ARN is needed.
/// </summary>
public sealed record StoppedAttempt(string JobId, string Bucket, string Key, string ETag, int Attempt)
{
    public IdempotencyKey ClaimKey => new(Key, ETag);

    /// <summary>Null (and the missing or invalid variables) when the task was not launched by our dispatcher.</summary>
    public static StoppedAttempt? FromEnvironment(IReadOnlyDictionary<string, string> environment, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var missing = new List<string>();
        string Get(string name)
        {
            if (environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }

            missing.Add(name);
            return string.Empty;
        }

        var jobId = Get(ProcessorEnvironmentVariables.JobId);
        var bucket = Get(ProcessorEnvironmentVariables.S3Bucket);
        var key = Get(ProcessorEnvironmentVariables.S3Key);
        var etag = Get(ProcessorEnvironmentVariables.S3ETag);
        var attemptText = Get(ProcessorEnvironmentVariables.ClaimAttempt);
        if (missing.Count > 0)
        {
            problem = $"the task's container overrides lack {string.Join(", ", missing)}";
            return null;
        }

        if (!int.TryParse(attemptText, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) || attempt < 1)
        {
            problem = $"{ProcessorEnvironmentVariables.ClaimAttempt} '{attemptText}' is not a positive integer";
            return null;
        }

        if (!ObjectKeyGuard.IsSafeJobId(jobId))
        {
            problem = $"{ProcessorEnvironmentVariables.JobId} is not a safe job id";
            return null;
        }

        problem = null;
        return new StoppedAttempt(jobId, bucket, key, IdempotencyKey.NormalizeETag(etag), attempt);
    }
}
