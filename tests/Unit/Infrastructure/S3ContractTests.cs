using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>terraform/s3.tf and the queue policy: which uploads reach the queue, and who may send.</summary>
public sealed class S3ContractTests
{
    [Fact]
    public async Task Notifications_send_created_mp4_and_mov_under_uploads_to_the_uploads_queue()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var bucket = LocalResourceDefinitionReader.Read(module, EnvironmentNames.Local).Bucket(TerraformResourceNames.VideosBucket);

        Assert.Equal("lifestream-local-videos", bucket.BucketName);
        Assert.NotEmpty(bucket.QueueNotifications);
        Assert.All(bucket.QueueNotifications, n =>
        {
            Assert.Equal("uploads/", n.Prefix);
            Assert.Equal(TerraformResourceNames.UploadsQueue, n.QueueResourceName);
            Assert.Equal(["s3:ObjectCreated:*"], n.Events);
        });
        var suffixes = bucket.QueueNotifications.Select(n => n.Suffix).ToList();
        Assert.Contains(".mp4", suffixes);
        Assert.Contains(".mov", suffixes);
        Assert.All(suffixes, s => Assert.Contains(s.ToLowerInvariant(), new[] { ".mp4", ".mov" }));

        Assert.Contains(bucket.QueueNotifications, n => n.Matches("uploads/talk.mp4"));
        Assert.Contains(bucket.QueueNotifications, n => n.Matches("uploads/a/b/clip.mov"));
        Assert.DoesNotContain(bucket.QueueNotifications, n => n.Matches("results/job/summary.json"));
        Assert.DoesNotContain(bucket.QueueNotifications, n => n.Matches("uploads/notes.txt"));
    }

    [Fact]
    public async Task Queue_policy_admits_only_our_bucket()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var statement = TerraformAssert.Statement(module, "uploads_queue", "AllowUploadsBucketNotifications");

        Assert.Equal(["sqs:SendMessage"], TerraformAssert.Strings(statement["actions"]));
        Assert.Equal(["s3.amazonaws.com"], TerraformAssert.Strings(TerraformAssert.Block(statement, "principals")["identifiers"]));
        var conditions = TerraformModule.Blocks(statement, "condition", "AllowUploadsBucketNotifications");
        var sourceArn = Assert.Single(conditions, c => TerraformAssert.Text(c["variable"]) == "aws:SourceArn");
        Assert.Equal("ArnEquals", TerraformAssert.Text(sourceArn["test"]));
        Assert.Equal(["${aws_s3_bucket.videos.arn}"], TerraformAssert.Strings(sourceArn["values"]));
        Assert.Equal("${data.aws_iam_policy_document.uploads_queue.json}", TerraformAssert.Text(module.Resource("aws_sqs_queue_policy", "uploads")["policy"]));

        // Every Allow in the queue policy is for S3 and carries the bucket condition.
        var allows = TerraformModule.Blocks(module.Data("aws_iam_policy_document", "uploads_queue"), "statement", "uploads_queue")
            .Where(s => TerraformAssert.Text(s["effect"] ?? "Allow") == "Allow");
        Assert.Equal(statement, Assert.Single(allows));
    }

    [Fact]
    public async Task Bucket_blocks_public_access_and_encrypts_at_rest()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var block = module.Resource("aws_s3_bucket_public_access_block", TerraformResourceNames.VideosBucket);

        foreach (var setting in new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" })
        {
            Assert.True(block[setting]!.GetValue<bool>(), setting);
        }

        Assert.Equal("${aws_s3_bucket.videos.id}", TerraformAssert.Text(block["bucket"]));
        var encryption = module.Resource("aws_s3_bucket_server_side_encryption_configuration", TerraformResourceNames.VideosBucket);
        var rule = TerraformAssert.Block(TerraformAssert.Block(encryption, "rule"), "apply_server_side_encryption_by_default");
        Assert.Equal("AES256", TerraformAssert.Text(rule["sse_algorithm"]));
    }

    [Fact]
    public async Task Dlq_depth_alarm_watches_the_dead_letter_queue()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var alarm = module.Resource("aws_cloudwatch_metric_alarm", "uploads_dlq_not_empty");

        Assert.Equal("AWS/SQS", TerraformAssert.Text(alarm["namespace"]));
        Assert.Equal("ApproximateNumberOfMessagesVisible", TerraformAssert.Text(alarm["metric_name"]));
        Assert.Equal("${aws_sqs_queue.uploads_dlq.name}", TerraformAssert.Text(alarm["dimensions"]!["QueueName"]));
        Assert.Equal("GreaterThanThreshold", TerraformAssert.Text(alarm["comparison_operator"]));
        Assert.Equal(0, alarm["threshold"]!.GetValue<int>());
    }
}
