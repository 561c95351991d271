using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lifestream.LocalAws.Terraform.Definitions;

namespace Lifestream.LocalAws.Provisioning;

/// <summary>Creates one table (keys, GSIs, billing mode), waits for ACTIVE, and enables its TTL attribute.</summary>
internal sealed class DynamoDbTableProvisioner(TimeSpan pollInterval, int maxPolls)
{
    // Emulators ignore capacity; PROVISIONED tables only need some valid figure.
    private static readonly ProvisionedThroughput NominalThroughput = new() { ReadCapacityUnits = 5, WriteCapacityUnits = 5 };

    public async Task EnsureAsync(IAmazonDynamoDB dynamoDb, DynamoDbTableDefinition table, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.CreateTableAsync(BuildCreateRequest(table), cancellationToken);
        }
        catch (ResourceInUseException)
        {
            // Already there (an earlier run or a parallel test): fine.
        }

        await WaitUntilActiveAsync(dynamoDb, table.TableName, cancellationToken);

        if (table.TimeToLiveAttribute is not null)
        {
            await EnsureTimeToLiveAsync(dynamoDb, table.TableName, table.TimeToLiveAttribute, cancellationToken);
        }
    }

    internal static CreateTableRequest BuildCreateRequest(DynamoDbTableDefinition table)
    {
        var provisioned = !string.Equals(table.BillingMode, BillingMode.PAY_PER_REQUEST.Value, StringComparison.Ordinal);
        var request = new CreateTableRequest
        {
            TableName = table.TableName,
            BillingMode = provisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST,
            KeySchema = KeySchema(table.HashKey, table.RangeKey),
            AttributeDefinitions = table.AttributeTypes
                .Select(a => new AttributeDefinition { AttributeName = a.Key, AttributeType = new ScalarAttributeType(a.Value) })
                .ToList(),
            ProvisionedThroughput = provisioned ? NominalThroughput : null,
        };

        if (table.GlobalSecondaryIndexes.Count > 0)
        {
            request.GlobalSecondaryIndexes = table.GlobalSecondaryIndexes.Select(index => new GlobalSecondaryIndex
            {
                IndexName = index.Name,
                KeySchema = KeySchema(index.HashKey, index.RangeKey),
                Projection = new Projection
                {
                    ProjectionType = new ProjectionType(index.ProjectionType),
                    NonKeyAttributes = index.NonKeyAttributes.Count > 0 ? index.NonKeyAttributes.ToList() : null,
                },
                ProvisionedThroughput = provisioned ? NominalThroughput : null,
            }).ToList();
        }

        return request;
    }

    private static List<KeySchemaElement> KeySchema(string hashKey, string? rangeKey)
    {
        var schema = new List<KeySchemaElement> { new() { AttributeName = hashKey, KeyType = KeyType.HASH } };
        if (rangeKey is not null)
        {
            schema.Add(new KeySchemaElement { AttributeName = rangeKey, KeyType = KeyType.RANGE });
        }

        return schema;
    }

    private async Task WaitUntilActiveAsync(IAmazonDynamoDB dynamoDb, string tableName, CancellationToken cancellationToken)
    {
        for (var poll = 0; poll < maxPolls; poll++)
        {
            var description = await dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken);
            if (description.Table?.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(pollInterval, cancellationToken);
        }

        throw new ResourceProvisioningException($"DynamoDB table '{tableName}' did not become ACTIVE after {maxPolls} checks.");
    }

    private static async Task EnsureTimeToLiveAsync(IAmazonDynamoDB dynamoDb, string tableName, string attribute, CancellationToken cancellationToken)
    {
        var current = await dynamoDb.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = tableName }, cancellationToken);
        var ttl = current.TimeToLiveDescription;
        var enabled = ttl?.TimeToLiveStatus == TimeToLiveStatus.ENABLED || ttl?.TimeToLiveStatus == TimeToLiveStatus.ENABLING;
        if (enabled && string.Equals(ttl!.AttributeName, attribute, StringComparison.Ordinal))
        {
            return;
        }

        if (enabled)
        {
            throw new ResourceProvisioningException(
                $"DynamoDB table '{tableName}' has TTL on '{ttl!.AttributeName}', the module says '{attribute}'; delete the table and provision again.");
        }

        await dynamoDb.UpdateTimeToLiveAsync(
            new UpdateTimeToLiveRequest
            {
                TableName = tableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
            },
            cancellationToken);
    }
}
