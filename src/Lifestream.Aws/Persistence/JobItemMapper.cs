using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Lifestream.Core.Jobs;
using Lifestream.Core.Reconciliation;
using static Lifestream.Aws.Persistence.DynamoAttributes;
using Schema = Lifestream.Aws.Persistence.JobsTableSchema;

namespace Lifestream.Aws.Persistence;

/// <summary>
/// JobRecord ⇄ jobs table item. Timestamps are fixed-width ISO-8601 UTC strings (created_at sorts the
/// s3_key GSI); result_keys is a list of strings; stage_timings a map of numbers (seconds).
/// </summary>
internal static class JobItemMapper
{
    public static Dictionary<string, AttributeValue> ToItem(JobRecord job)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [Schema.PartitionKey] = S(job.JobId),
            [Schema.S3Bucket] = S(job.S3Bucket),
            [Schema.S3Key] = S(job.S3Key),
            [Schema.Status] = S(job.Status.ToWire()),
            [Schema.Attempts] = N(job.Attempts),
            [Schema.CreatedAt] = Timestamp(job.CreatedAt),
            [Schema.UpdatedAt] = Timestamp(job.UpdatedAt),
            [Schema.Version] = N(job.Version),
        };
        if (!job.Status.IsTerminal())
        {
            item[RecoveryIndexSchema.JobShardAttribute] = S(RecoveryIndexSchema.ShardFor(job.JobId));
        }

        SetIfNotNull(item, Schema.ETag, job.ETag);
        SetIfNotNull(item, Schema.Owner, job.Owner);
        SetIfNotNull(item, Schema.WriteToken, job.WriteToken);
        if (job.RetryAt is { } retryAt)
        {
            item[Schema.RetryAt] = Timestamp(retryAt);
        }

        SetIfNotNull(item, Schema.CurrentStage, job.CurrentStage);
        SetIfNotNull(item, Schema.TaskArn, job.TaskArn);
        SetIfNotNull(item, Schema.Error, job.Error);
        if (job.ResultKeys.Count > 0)
        {
            item[Schema.ResultKeys] = ResultKeys(job.ResultKeys);
        }

        if (job.StageTimings.Count > 0)
        {
            item[Schema.StageTimings] = StageTimings(job.StageTimings);
        }

        return item;
    }

    /// <summary>
    /// Attributes a job may lack; a replacement removes those its record does not set (so a terminal job leaves the
    /// sparse open-jobs index in the same write). The owner is absent: only adoption sets it, and no transition clears it.
    /// </summary>
    public static IReadOnlyList<string> OptionalAttributes { get; } =
        [Schema.ETag, Schema.CurrentStage, Schema.TaskArn, Schema.Error, Schema.ResultKeys, Schema.StageTimings, Schema.RetryAt, Schema.WriteToken, RecoveryIndexSchema.JobShardAttribute];

    public static AttributeValue ResultKeys(IReadOnlyList<string> keys) => new() { L = [.. keys.Select(S)] };

    public static AttributeValue StageTimings(IReadOnlyDictionary<string, double> timings) =>
        new() { M = timings.ToDictionary(t => t.Key, t => N(t.Value), StringComparer.Ordinal) };

    public static JobRecord FromItem(Dictionary<string, AttributeValue> item)
    {
        var id = OptionalString(item, Schema.PartitionKey) ?? "(unknown)";
        Exception Corrupt(string problem) => new CorruptJobRecordException($"Job '{id}': {problem}.");
        JobStatus status;
        try
        {
            status = JobStatusExtensions.ParseWire(RequiredString(item, Schema.Status, Corrupt));
        }
        catch (FormatException ex)
        {
            throw new CorruptJobRecordException($"Job '{id}': {ex.Message}", ex);
        }

        return new JobRecord
        {
            JobId = RequiredString(item, Schema.PartitionKey, Corrupt),
            S3Bucket = RequiredString(item, Schema.S3Bucket, Corrupt),
            S3Key = RequiredString(item, Schema.S3Key, Corrupt),
            ETag = OptionalString(item, Schema.ETag),
            Status = status,
            Owner = OptionalString(item, Schema.Owner),
            CurrentStage = OptionalString(item, Schema.CurrentStage),
            Attempts = checked((int)(OptionalLong(item, Schema.Attempts, Corrupt) ?? 0)),
            TaskArn = OptionalString(item, Schema.TaskArn),
            CreatedAt = RequiredTimestamp(item, Schema.CreatedAt, Corrupt),
            UpdatedAt = RequiredTimestamp(item, Schema.UpdatedAt, Corrupt),
            Error = OptionalString(item, Schema.Error),
            RetryAt = item.ContainsKey(Schema.RetryAt) ? RequiredTimestamp(item, Schema.RetryAt, Corrupt) : null,
            Version = OptionalLong(item, Schema.Version, Corrupt) ?? 0,
            WriteToken = OptionalString(item, Schema.WriteToken),
            ResultKeys = item.TryGetValue(Schema.ResultKeys, out var keys) && keys.L is { } list
                ? [.. list.Select(v => v.S ?? throw Corrupt($"'{Schema.ResultKeys}' holds a non-string"))]
                : [],
            StageTimings = item.TryGetValue(Schema.StageTimings, out var timings) && timings.M is { } map
                ? map.ToDictionary(
                    t => t.Key,
                    t => double.TryParse(t.Value.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        ? seconds
                        : throw Corrupt($"'{Schema.StageTimings}.{t.Key}' is not a number"),
                    StringComparer.Ordinal)
                : new Dictionary<string, double>(),
        };
    }
}
