using System.Text.Json;
using System.Text.Json.Nodes;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Reconciliation;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Unit.Core.Reconciliation;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>
/// terraform/reconcile.tf and the recovery indexes in dynamodb.tf: what the reconciler and the sweeper rely on.
/// EventBridge itself cannot run here; the rule's pattern is checked against the documented event shape the
/// parser reads, and the wiring (rule → queue → Lambda) by reference.
/// </summary>
public sealed class RecoveryContractTests
{
    [Fact]
    public async Task Claims_have_a_sparse_lease_expiry_index_matching_RecoveryIndexSchema()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var claims = LocalResourceDefinitionReader.Read(module, EnvironmentNames.Local).Table(TerraformResourceNames.IdempotencyTable);

        var index = Assert.Single(claims.GlobalSecondaryIndexes);
        Assert.Equal(RecoveryIndexSchema.ClaimLeaseIndexName, index.Name);
        Assert.Equal(RecoveryIndexSchema.ClaimShardAttribute, index.HashKey);
        Assert.Equal(IdempotencyTableSchema.LeaseExpiresAt, index.RangeKey);
        Assert.Equal("KEYS_ONLY", index.ProjectionType);
        Assert.Equal("S", claims.AttributeTypes[RecoveryIndexSchema.ClaimShardAttribute]);
        // Epoch milliseconds, compared numerically by the sweeper's key condition.
        Assert.Equal("N", claims.AttributeTypes[IdempotencyTableSchema.LeaseExpiresAt]);
    }

    [Fact]
    public async Task Jobs_have_a_sparse_open_jobs_index_matching_RecoveryIndexSchema()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var jobs = LocalResourceDefinitionReader.Read(module, EnvironmentNames.Local).Table(TerraformResourceNames.JobsTable);

        var index = Assert.Single(jobs.GlobalSecondaryIndexes, i => i.Name == RecoveryIndexSchema.OpenJobsIndexName);
        Assert.Equal(RecoveryIndexSchema.JobShardAttribute, index.HashKey);
        Assert.Equal(JobsTableSchema.UpdatedAt, index.RangeKey);
        Assert.Equal("KEYS_ONLY", index.ProjectionType);
        Assert.Equal("S", jobs.AttributeTypes[JobsTableSchema.UpdatedAt]);
    }

    [Fact]
    public async Task Task_events_queue_redrives_to_its_own_dlq_and_feeds_the_dispatcher_with_partial_batch_failures()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var definitions = LocalResourceDefinitionReader.Read(module, EnvironmentNames.Local);
        var queue = definitions.Queue(TerraformResourceNames.TaskEventsQueue);

        Assert.Equal("lifestream-local-task-events", queue.QueueName);
        Assert.Equal(TerraformResourceNames.TaskEventsDeadLetterQueue, queue.Redrive!.DeadLetterQueueResourceName);
        Assert.True(queue.Redrive.MaxReceiveCount >= 2);
        var mapping = module.Resource("aws_lambda_event_source_mapping", TerraformResourceNames.TaskEventsEventSourceMapping);
        Assert.Equal("${aws_sqs_queue.task_events.arn}", TerraformAssert.Text(mapping["event_source_arn"]));
        Assert.Equal("${aws_lambda_function.dispatcher.arn}", TerraformAssert.Text(mapping["function_name"]));
        Assert.Equal(["ReportBatchItemFailures"], TerraformAssert.Strings(mapping["function_response_types"]));
    }

    [Fact]
    public async Task Both_rules_target_the_task_events_queue_and_only_they_may_send_to_it()
    {
        var module = await RepositoryTerraformModule.GetAsync();

        Assert.Equal("${aws_sqs_queue.task_events.arn}", TerraformAssert.Text(module.Resource("aws_cloudwatch_event_target", TerraformResourceNames.TaskStoppedRule)["arn"]));
        Assert.Equal("${aws_sqs_queue.task_events.arn}", TerraformAssert.Text(module.Resource("aws_cloudwatch_event_target", TerraformResourceNames.SweepRule)["arn"]));
        Assert.Equal("${var.sweep_schedule_expression}", TerraformAssert.Text(module.Resource("aws_cloudwatch_event_rule", TerraformResourceNames.SweepRule)["schedule_expression"]));
        Assert.Equal("${jsonencode(local.task_stopped_event_pattern)}", TerraformAssert.Text(module.Resource("aws_cloudwatch_event_rule", TerraformResourceNames.TaskStoppedRule)["event_pattern"]));
        var statement = TerraformAssert.Statement(module, "task_events_queue", "AllowRecoveryRules");
        Assert.Equal(["sqs:SendMessage"], TerraformAssert.Strings(statement["actions"]));
        var condition = TerraformAssert.Block(statement, "condition");
        Assert.Equal(
            ["${aws_cloudwatch_event_rule.task_stopped.arn}", "${aws_cloudwatch_event_rule.sweep.arn}"],
            TerraformAssert.Strings(condition["values"]));
    }

    [Fact]
    public async Task Stop_pattern_selects_STOPPED_tasks_of_our_family_and_the_documented_event_matches_it()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var resolver = module.CreateResolver(new Dictionary<string, JsonNode?> { ["env_name"] = JsonValue.Create("prod") });
        var pattern = (JsonObject)module.Locals["task_stopped_event_pattern"]!;

        Assert.Equal([TaskStateChangeEvent.Source], TerraformAssert.Strings(pattern["source"]));
        Assert.Equal([TaskStateChangeEvent.DetailType], TerraformAssert.Strings(pattern["detail-type"]));
        var detail = (JsonObject)pattern["detail"]!;
        Assert.Equal([TaskStateChangeEvent.StoppedStatus], TerraformAssert.Strings(detail["lastStatus"]));
        Assert.Equal(["${aws_ecs_cluster.main.arn}"], TerraformAssert.Strings(detail["clusterArn"]));
        var group = resolver.ResolveString(JsonValue.Create(TerraformAssert.Strings(detail["group"]).Single()), "group");
        Assert.Equal("family:lifestream-prod-processor", group);

        using var sample = JsonDocument.Parse(TaskStoppedEvents.Stopped());
        var change = TaskStateChangeEvent.TryParse(sample.RootElement, out _)!;
        Assert.Equal(group, change.Group);
        Assert.True(change.IsStopped);
    }

    [Fact]
    public async Task Dispatcher_may_consume_task_events_and_query_both_recovery_indexes()
    {
        var module = await RepositoryTerraformModule.GetAsync();

        var consume = TerraformAssert.Statement(module, "dispatcher", "ConsumeUploadAndTaskEventQueues");
        Assert.Contains("${aws_sqs_queue.task_events.arn}", TerraformAssert.Strings(consume["resources"]));
        var tables = TerraformAssert.Statement(module, "dispatcher", "QueryJobAndRecoveryIndexes");
        Assert.Contains("dynamodb:Query", TerraformAssert.Strings(tables["actions"]));
        Assert.Contains($"${{aws_dynamodb_table.jobs.arn}}/index/{RecoveryIndexSchema.OpenJobsIndexName}", TerraformAssert.Strings(tables["resources"]));
        Assert.Contains($"${{aws_dynamodb_table.idempotency.arn}}/index/{RecoveryIndexSchema.ClaimLeaseIndexName}", TerraformAssert.Strings(tables["resources"]));
    }
}
