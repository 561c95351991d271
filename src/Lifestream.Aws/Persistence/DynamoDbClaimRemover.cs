using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lifestream.Core.Idempotency;
using static Lifestream.Aws.Persistence.DynamoAttributes;
using Schema = Lifestream.Aws.Persistence.IdempotencyTableSchema;

namespace Lifestream.Aws.Persistence;

/// <summary>Deletes claims of deleted jobs (DeleteItem is idempotent: an absent claim is not an error).</summary>
public sealed class DynamoDbClaimRemover(IAmazonDynamoDB client, string tableName) : IClaimRemover
{
    public async Task DeleteAsync(IdempotencyKey key, CancellationToken cancellationToken) =>
        await client.DeleteItemAsync(
            new DeleteItemRequest
            {
                TableName = tableName,
                Key = new Dictionary<string, AttributeValue> { [Schema.PartitionKey] = S(key.Value) },
            },
            cancellationToken).ConfigureAwait(false);
}
