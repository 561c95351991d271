using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Lifestream.Tests.Integration.Infrastructure;

namespace Lifestream.Tests.Integration.LocalAws;

[Collection(LocalAwsCollection.Name)]
public sealed class DynamoDbEmulatorSmokeTests(LocalAwsFixture fixture)
{
    [Fact]
    public async Task Conditional_put_succeeds_once_and_is_rejected_on_the_second_try()
    {
        using var dynamo = fixture.Stack.Clients.CreateDynamoDb();
        var table = LocalAwsFixture.UniqueName("smoke");
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        PutItemRequest Put(string owner) => new()
        {
            TableName = table,
            Item = new Dictionary<string, AttributeValue> { ["pk"] = new("uploads/a.mp4|etag"), ["owner"] = new(owner) },
            ConditionExpression = "attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };

        await dynamo.PutItemAsync(Put("first"));
        var ex = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => dynamo.PutItemAsync(Put("second")));

        Assert.Equal("first", ex.Item["owner"].S);
        var stored = await dynamo.GetItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new("uploads/a.mp4|etag") });
        Assert.Equal("first", stored.Item["owner"].S);
    }
}
