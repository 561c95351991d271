using System.Text.Json.Nodes;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.LocalAws.Terraform;

/// <summary>The reader on small hand-written modules (hcl2json's shape), independent of terraform/.</summary>
public sealed class LocalResourceDefinitionReaderTests
{
    private const string Module = """
        {
          "variable": {
            "env_name": [{ "type": "${string}" }],
            "visibility": [{ "default": 90 }],
            "max_receive": [{ "default": 4 }]
          },
          "locals": [{
            "name": "app-${var.env_name}",
            "redrive": { "deadLetterTargetArn": "${aws_sqs_queue.dlq.arn}", "maxReceiveCount": "${var.max_receive}" }
          }],
          "resource": {
            "aws_dynamodb_table": {
              "t": [{
                "name": "${local.name}-t",
                "billing_mode": "PAY_PER_REQUEST",
                "hash_key": "pk",
                "range_key": "sk",
                "attribute": [{ "name": "pk", "type": "S" }, { "name": "sk", "type": "N" }, { "name": "g", "type": "S" }],
                "global_secondary_index": [{ "name": "g-index", "hash_key": "g", "projection_type": "INCLUDE", "non_key_attributes": ["x"] }],
                "ttl": [{ "attribute_name": "exp", "enabled": true }]
              }],
              "nottl": [{
                "name": "${local.name}-n",
                "hash_key": "id",
                "attribute": [{ "name": "id", "type": "S" }],
                "ttl": [{ "attribute_name": "exp", "enabled": false }]
              }]
            },
            "aws_sqs_queue": {
              "main": [{ "name": "${local.name}-q", "visibility_timeout_seconds": "${var.visibility}", "redrive_policy": "${jsonencode(local.redrive)}" }],
              "dlq": [{ "name": "${local.name}-q-dlq" }]
            },
            "aws_s3_bucket": { "b": [{ "bucket": "${local.name}-bucket" }] },
            "aws_s3_bucket_notification": {
              "n": [{
                "bucket": "${aws_s3_bucket.b.id}",
                "queue": [{ "id": "mp4", "queue_arn": "${aws_sqs_queue.main.arn}", "events": ["s3:ObjectCreated:*"], "filter_prefix": "in/", "filter_suffix": ".mp4" }]
              }]
            }
          }
        }
        """;

    [Fact]
    public void Reads_tables_queues_and_buckets_with_resolved_names()
    {
        var definitions = LocalResourceDefinitionReader.Read(TerraformModule.Parse(Module), "qa");

        var table = definitions.Table("t");
        Assert.Equal("app-qa-t", table.TableName);
        Assert.Equal(("pk", "sk"), (table.HashKey, table.RangeKey));
        Assert.Equal("N", table.AttributeTypes["sk"]);
        var index = Assert.Single(table.GlobalSecondaryIndexes);
        Assert.Equal(("g-index", "g", (string?)null, "INCLUDE"), (index.Name, index.HashKey, index.RangeKey, index.ProjectionType));
        Assert.Equal(["x"], index.NonKeyAttributes);
        Assert.Equal("exp", table.TimeToLiveAttribute);
        Assert.Null(definitions.Table("nottl").TimeToLiveAttribute);
        Assert.Equal("PROVISIONED", definitions.Table("nottl").BillingMode);

        var main = definitions.Queue("main");
        Assert.Equal(("app-qa-q", 90), (main.QueueName, main.VisibilityTimeoutSeconds));
        Assert.Equal(("dlq", 4), (main.Redrive!.DeadLetterQueueResourceName, main.Redrive.MaxReceiveCount));
        var dlq = definitions.Queue("dlq");
        Assert.Equal(30, dlq.VisibilityTimeoutSeconds);
        Assert.Equal(345600, dlq.MessageRetentionSeconds);

        var bucket = definitions.Bucket("b");
        Assert.Equal("app-qa-bucket", bucket.BucketName);
        var notification = Assert.Single(bucket.QueueNotifications);
        Assert.Equal(("mp4", "main", "in/", ".mp4"), (notification.Id, notification.QueueResourceName, notification.Prefix, notification.Suffix));
    }

    [Fact]
    public void A_literal_json_redrive_policy_is_read_too()
    {
        var module = JsonNode.Parse(Module)!.AsObject();
        module["resource"]!["aws_sqs_queue"]!["main"]![0]!["redrive_policy"] =
            """{"deadLetterTargetArn":"${aws_sqs_queue.dlq.arn}","maxReceiveCount":7}""";

        var redrive = LocalResourceDefinitionReader.Read(TerraformModule.Parse(module.ToJsonString()), "qa").Queue("main").Redrive;

        Assert.Equal(7, redrive!.MaxReceiveCount);
    }

    [Fact]
    public void A_redrive_to_an_undeclared_queue_is_an_error()
    {
        var module = Module.Replace("aws_sqs_queue.dlq.arn", "aws_sqs_queue.gone.arn", StringComparison.Ordinal);

        var error = Assert.Throws<TerraformModuleException>(() => LocalResourceDefinitionReader.Read(TerraformModule.Parse(module), "qa"));
        Assert.Contains("gone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_without_an_attribute_block_is_an_error()
    {
        var module = Module.Replace("\"hash_key\": \"pk\"", "\"hash_key\": \"missing\"", StringComparison.Ordinal);

        var error = Assert.Throws<TerraformModuleException>(() => LocalResourceDefinitionReader.Read(TerraformModule.Parse(module), "qa"));
        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_resources_and_unknown_resources_are_reported()
    {
        var module = JsonNode.Parse(Module)!.AsObject();
        var queues = module["resource"]!["aws_sqs_queue"]!["dlq"]!.AsArray();
        queues.Add(queues[0]!.DeepClone());
        var parsed = TerraformModule.Parse(module.ToJsonString());

        Assert.Contains("more than once", Assert.Throws<TerraformModuleException>(() => parsed.Resource("aws_sqs_queue", "dlq")).Message, StringComparison.Ordinal);
        Assert.Contains("not declared", Assert.Throws<TerraformModuleException>(() => parsed.Resource("aws_sqs_queue", "nope")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overriding_an_undeclared_variable_is_an_error()
    {
        var module = TerraformModule.Parse(Module);

        Assert.Throws<TerraformModuleException>(() => module.CreateResolver(new Dictionary<string, JsonNode?> { ["nope"] = 1 }));
    }

    [Fact]
    public void Malformed_hcl2json_output_is_reported()
    {
        Assert.Throws<TerraformModuleException>(() => TerraformModule.Parse("not json"));
        Assert.Throws<TerraformModuleException>(() => TerraformModule.Parse("[]"));
    }
}
