namespace Lifestream.LocalAws.Terraform.Definitions;

/// <summary>An <c>aws_dynamodb_table</c> with its names resolved for one environment.</summary>
/// <param name="ResourceName">Terraform resource name (e.g. <c>jobs</c>).</param>
/// <param name="AttributeTypes">Key attributes and their DynamoDB types (S, N, B).</param>
/// <param name="TimeToLiveAttribute">The enabled TTL attribute, or null.</param>
public sealed record DynamoDbTableDefinition(
    string ResourceName,
    string TableName,
    string BillingMode,
    string HashKey,
    string? RangeKey,
    IReadOnlyDictionary<string, string> AttributeTypes,
    IReadOnlyList<DynamoDbIndexDefinition> GlobalSecondaryIndexes,
    string? TimeToLiveAttribute);

/// <summary>A global secondary index of a table.</summary>
public sealed record DynamoDbIndexDefinition(
    string Name,
    string HashKey,
    string? RangeKey,
    string ProjectionType,
    IReadOnlyList<string> NonKeyAttributes);
