using Lifestream.Aws.Persistence;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>terraform/dynamodb.tf declares the keys, GSI and TTL the stores in code use.</summary>
public sealed class DynamoDbContractTests
{
    [Fact]
    public async Task Jobs_table_key_and_s3_key_index_match_JobsTableSchema()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var jobs = LocalResourceDefinitionReader.Read(module, EnvironmentNames.Local).Table(TerraformResourceNames.JobsTable);

        Assert.Equal(JobsTableSchema.PartitionKey, jobs.HashKey);
        Assert.Null(jobs.RangeKey);
        var index = Assert.Single(jobs.GlobalSecondaryIndexes);
        Assert.Equal(JobsTableSchema.S3KeyIndexName, index.Name);
        Assert.Equal(JobsTableSchema.S3KeyIndexPartitionKey, index.HashKey);
        Assert.Equal(JobsTableSchema.S3KeyIndexSortKey, index.RangeKey);
        // Lookups by key read the job's status and ids straight from the index.
        Assert.Equal("ALL", index.ProjectionType);
        Assert.Equal(JobsTableSchema.S3Key, JobsTableSchema.S3KeyIndexPartitionKey);
        Assert.Equal(JobsTableSchema.CreatedAt, JobsTableSchema.S3KeyIndexSortKey);
        Assert.All(jobs.AttributeTypes.Values, type => Assert.Equal("S", type));
    }

    [Fact]
    public async Task Idempotency_table_key_and_ttl_match_IdempotencyTableSchema()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var claims = LocalResourceDefinitionReader.Read(module, EnvironmentNames.Local).Table(TerraformResourceNames.IdempotencyTable);

        Assert.Equal(IdempotencyTableSchema.PartitionKey, claims.HashKey);
        Assert.Null(claims.RangeKey);
        Assert.Empty(claims.GlobalSecondaryIndexes);
        Assert.Equal(IdempotencyTableSchema.TimeToLive, claims.TimeToLiveAttribute);
        Assert.Equal("S", claims.AttributeTypes[IdempotencyTableSchema.PartitionKey]);
    }

    [Theory]
    [InlineData(TerraformResourceNames.JobsTable)]
    [InlineData(TerraformResourceNames.IdempotencyTable)]
    public async Task Tables_are_on_demand_with_point_in_time_recovery(string resourceName)
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var body = module.Resource("aws_dynamodb_table", resourceName);

        Assert.Equal("PAY_PER_REQUEST", TerraformAssert.Text(body["billing_mode"]));
        Assert.True(TerraformAssert.Block(body, "point_in_time_recovery")["enabled"]!.GetValue<bool>());
        Assert.True(TerraformAssert.Block(body, "server_side_encryption")["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Table_names_follow_the_environment()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var definitions = LocalResourceDefinitionReader.Read(module, "dev");

        Assert.Equal("lifestream-dev-jobs", definitions.Table(TerraformResourceNames.JobsTable).TableName);
        Assert.Equal("lifestream-dev-idempotency", definitions.Table(TerraformResourceNames.IdempotencyTable).TableName);
    }
}
