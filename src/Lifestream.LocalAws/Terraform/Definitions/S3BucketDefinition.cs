namespace Lifestream.LocalAws.Terraform.Definitions;

/// <summary>An <c>aws_s3_bucket</c> and the queue notifications its <c>aws_s3_bucket_notification</c> declares.</summary>
public sealed record S3BucketDefinition(
    string ResourceName,
    string BucketName,
    IReadOnlyList<S3QueueNotificationDefinition> QueueNotifications);

/// <summary>One <c>queue</c> block: which object events under which key prefix/suffix go to which queue.</summary>
public sealed record S3QueueNotificationDefinition(
    string Id,
    string QueueResourceName,
    IReadOnlyList<string> Events,
    string Prefix,
    string Suffix)
{
    /// <summary>S3's own matching: case-sensitive prefix and suffix.</summary>
    public bool Matches(string key) => KeyMatches(Prefix, Suffix, key);

    /// <summary>S3's filter rule, shared with the provisioned notifications: the key starts with the prefix and ends with the suffix (case-sensitive).</summary>
    public static bool KeyMatches(string prefix, string suffix, string key)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(suffix);
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith(prefix, StringComparison.Ordinal) && key.EndsWith(suffix, StringComparison.Ordinal);
    }
}
