using System.Text.Json;
using System.Text.Json.Nodes;
using Lifestream.LocalAws.Terraform.Definitions;

namespace Lifestream.LocalAws.Terraform;

/// <summary>
/// Reads the DynamoDB tables, SQS queues and S3 buckets (with queue notifications) of a parsed module, with
/// names resolved for one environment (<c>var.env_name</c>; every other variable takes its default).
/// </summary>
public static class LocalResourceDefinitionReader
{
    private const string TableType = "aws_dynamodb_table";
    private const string QueueType = "aws_sqs_queue";
    private const string BucketType = "aws_s3_bucket";
    private const string NotificationType = "aws_s3_bucket_notification";

    /// <summary>Definitions for <paramref name="envName"/> (see <see cref="EnvironmentNames"/>).</summary>
    public static LocalResourceDefinitions Read(TerraformModule module, string envName)
    {
        ArgumentNullException.ThrowIfNull(module);
        EnvironmentNames.Validate(envName, nameof(envName));
        var resolver = module.CreateResolver(new Dictionary<string, JsonNode?> { ["env_name"] = JsonValue.Create(envName) });

        var tables = module.ResourceNames(TableType).Select(name => ReadTable(module, resolver, name)).ToList();
        var queues = module.ResourceNames(QueueType).Select(name => ReadQueue(module, resolver, name)).ToList();
        var buckets = module.ResourceNames(BucketType).Select(name => ReadBucket(module, resolver, name)).ToList();

        var queueNames = queues.Select(q => q.ResourceName).ToHashSet(StringComparer.Ordinal);
        foreach (var queue in queues.Where(q => q.Redrive is not null && !queueNames.Contains(q.Redrive.DeadLetterQueueResourceName)))
        {
            throw new TerraformModuleException($"{QueueType}.{queue.ResourceName}: dead-letter queue {QueueType}.{queue.Redrive!.DeadLetterQueueResourceName} is not declared.");
        }

        return new LocalResourceDefinitions(envName, tables, queues, buckets);
    }

    private static DynamoDbTableDefinition ReadTable(TerraformModule module, TerraformExpressionResolver resolver, string name)
    {
        var context = $"{TableType}.{name}";
        var body = module.Resource(TableType, name);
        var attributes = TerraformModule.Blocks(body, "attribute", context).ToDictionary(
            a => resolver.ResolveString(a["name"], $"{context}.attribute.name"),
            a => resolver.ResolveString(a["type"], $"{context}.attribute.type"),
            StringComparer.Ordinal);

        var indexes = TerraformModule.Blocks(body, "global_secondary_index", context).Select(index =>
        {
            var indexContext = $"{context}.global_secondary_index";
            var nonKey = resolver.Resolve(index["non_key_attributes"], $"{indexContext}.non_key_attributes") as JsonArray;
            return new DynamoDbIndexDefinition(
                resolver.ResolveString(index["name"], $"{indexContext}.name"),
                resolver.ResolveString(index["hash_key"], $"{indexContext}.hash_key"),
                OptionalString(resolver, index["range_key"], $"{indexContext}.range_key"),
                resolver.ResolveString(index["projection_type"], $"{indexContext}.projection_type"),
                nonKey?.Select((n, i) => resolver.ResolveString(n, $"{indexContext}.non_key_attributes[{i}]")).ToList() ?? []);
        }).ToList();

        // The provider's ttl.enabled defaults to false.
        var ttl = TerraformModule.SingleBlock(body, "ttl", context);
        var ttlEnabled = ttl is not null
            && resolver.Resolve(ttl["enabled"], $"{context}.ttl.enabled") is JsonValue enabled
            && enabled.TryGetValue<bool>(out var flag) && flag;

        var table = new DynamoDbTableDefinition(
            name,
            resolver.ResolveString(body["name"], $"{context}.name"),
            OptionalString(resolver, body["billing_mode"], $"{context}.billing_mode") ?? "PROVISIONED",
            resolver.ResolveString(body["hash_key"], $"{context}.hash_key"),
            OptionalString(resolver, body["range_key"], $"{context}.range_key"),
            attributes,
            indexes,
            ttlEnabled ? resolver.ResolveString(ttl!["attribute_name"], $"{context}.ttl.attribute_name") : null);

        var keys = new[] { table.HashKey, table.RangeKey }
            .Concat(indexes.SelectMany(i => new[] { i.HashKey, i.RangeKey }))
            .OfType<string>();
        foreach (var key in keys.Where(k => !attributes.ContainsKey(k)))
        {
            throw new TerraformModuleException($"{context}: key attribute '{key}' has no attribute block (type unknown).");
        }

        return table;
    }

    private static SqsQueueDefinition ReadQueue(TerraformModule module, TerraformExpressionResolver resolver, string name)
    {
        var context = $"{QueueType}.{name}";
        var body = module.Resource(QueueType, name);
        return new SqsQueueDefinition(
            name,
            resolver.ResolveString(body["name"], $"{context}.name"),
            OptionalInt(resolver, body["visibility_timeout_seconds"], $"{context}.visibility_timeout_seconds") ?? SqsQueueDefinition.DefaultVisibilityTimeoutSeconds,
            OptionalInt(resolver, body["message_retention_seconds"], $"{context}.message_retention_seconds") ?? SqsQueueDefinition.DefaultMessageRetentionSeconds,
            OptionalInt(resolver, body["receive_wait_time_seconds"], $"{context}.receive_wait_time_seconds") ?? SqsQueueDefinition.DefaultReceiveWaitTimeSeconds,
            ReadRedrive(resolver, body["redrive_policy"], $"{context}.redrive_policy"));
    }

    private static SqsRedriveDefinition? ReadRedrive(TerraformExpressionResolver resolver, JsonNode? value, string context)
    {
        if (value is null)
        {
            return null;
        }

        // A literal JSON document (heredoc) instead of jsonencode(local.x): its members are resolved one by one.
        var resolved = value is JsonValue raw && raw.TryGetValue<string>(out var literal) && literal.TrimStart().StartsWith('{')
            ? ParseJson(literal, context)
            : resolver.Resolve(value, context);
        if (resolved is JsonValue text && text.TryGetValue<string>(out var json))
        {
            resolved = ParseJson(json, context);
        }

        if (resolved is not JsonObject policy)
        {
            throw new TerraformModuleException($"{context}: expected an object with deadLetterTargetArn and maxReceiveCount.");
        }

        if (!TerraformReference.TryParse(policy["deadLetterTargetArn"], out var target) || target.ResourceType != QueueType || target.Attribute != "arn")
        {
            throw new TerraformModuleException($"{context}.deadLetterTargetArn: expected a reference to an {QueueType}'s arn.");
        }

        return new SqsRedriveDefinition(target.ResourceName, resolver.ResolveInt32(policy["maxReceiveCount"], $"{context}.maxReceiveCount"));
    }

    private static JsonNode? ParseJson(string json, string context)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new TerraformModuleException($"{context}: not a JSON redrive policy: {ex.Message}", ex);
        }
    }

    private static S3BucketDefinition ReadBucket(TerraformModule module, TerraformExpressionResolver resolver, string name)
    {
        var context = $"{BucketType}.{name}";
        var body = module.Resource(BucketType, name);
        var notifications = new List<S3QueueNotificationDefinition>();
        foreach (var notificationName in module.ResourceNames(NotificationType))
        {
            var notification = module.Resource(NotificationType, notificationName);
            if (!TerraformReference.TryParse(notification["bucket"], out var bucket) || bucket.ResourceType != BucketType || bucket.ResourceName != name)
            {
                continue;
            }

            var notificationContext = $"{NotificationType}.{notificationName}";
            foreach (var queue in TerraformModule.Blocks(notification, "queue", notificationContext))
            {
                if (!TerraformReference.TryParse(queue["queue_arn"], out var target) || target.ResourceType != QueueType)
                {
                    throw new TerraformModuleException($"{notificationContext}.queue.queue_arn: expected a reference to an {QueueType}'s arn.");
                }

                var events = resolver.Resolve(queue["events"], $"{notificationContext}.queue.events") as JsonArray
                    ?? throw new TerraformModuleException($"{notificationContext}.queue.events: expected a list.");
                notifications.Add(new S3QueueNotificationDefinition(
                    OptionalString(resolver, queue["id"], $"{notificationContext}.queue.id") ?? $"{target.ResourceName}-{notifications.Count}",
                    target.ResourceName,
                    events.Select((e, i) => resolver.ResolveString(e, $"{notificationContext}.queue.events[{i}]")).ToList(),
                    OptionalString(resolver, queue["filter_prefix"], $"{notificationContext}.queue.filter_prefix") ?? string.Empty,
                    OptionalString(resolver, queue["filter_suffix"], $"{notificationContext}.queue.filter_suffix") ?? string.Empty));
            }
        }

        return new S3BucketDefinition(name, resolver.ResolveString(body["bucket"], $"{context}.bucket"), notifications);
    }

    private static string? OptionalString(TerraformExpressionResolver resolver, JsonNode? value, string context) =>
        value is null ? null : resolver.ResolveString(value, context);

    private static int? OptionalInt(TerraformExpressionResolver resolver, JsonNode? value, string context) =>
        value is null ? null : resolver.ResolveInt32(value, context);
}
