using System.Text.Json.Nodes;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Uploads;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>
/// terraform/iam.tf narrowed to what each role really calls: per table, the exact DynamoDB actions; claims pinned to
/// keys under uploads/; the processor reads and updates jobs only.
/// </summary>
public sealed class LeastPrivilegeContractTests
{
    private const string Jobs = "${aws_dynamodb_table.jobs.arn}";
    private const string Claims = "${aws_dynamodb_table.idempotency.arn}";
    private const string JobsIndex = "${aws_dynamodb_table.jobs.arn}/index/" + JobsTableSchema.S3KeyIndexName;
    private const string OwnerIndex = "${aws_dynamodb_table.jobs.arn}/index/" + JobsTableSchema.OwnerIndexName;

    [Theory]
    [InlineData("processor_task", Claims, "dynamodb:GetItem,dynamodb:PutItem")]
    [InlineData("processor_task", Jobs, "dynamodb:GetItem,dynamodb:UpdateItem")]
    [InlineData("dispatcher", Claims, "dynamodb:GetItem,dynamodb:PutItem")]
    [InlineData("dispatcher", Jobs, "dynamodb:GetItem,dynamodb:PutItem,dynamodb:UpdateItem")]
    [InlineData("dispatcher", JobsIndex, "dynamodb:Query")]
    [InlineData("api", Claims, "dynamodb:DeleteItem")]
    [InlineData("api", Jobs, "dynamodb:DeleteItem,dynamodb:GetItem,dynamodb:PutItem,dynamodb:UpdateItem")]
    [InlineData("api", OwnerIndex, "dynamodb:Query")]
    public async Task Each_role_has_exactly_the_dynamodb_actions_its_stores_call_per_table(string document, string table, string expected)
    {
        var module = await RepositoryTerraformModule.GetAsync();

        var actions = DynamoStatements(module, document)
            .Where(s => TerraformAssert.Strings(s["resources"]).Contains(table))
            .SelectMany(s => TerraformAssert.Strings(s["actions"]))
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected.Split(','), actions);
    }

    [Theory]
    [InlineData("processor_task")]
    [InlineData("dispatcher")]
    [InlineData("api")]
    public async Task Claims_are_pinned_to_keys_under_uploads_and_return_nothing_old(string document)
    {
        var module = await RepositoryTerraformModule.GetAsync();

        Assert.Equal(UploadKeyRule.UploadsPrefix, TerraformAssert.Text(module.Locals["uploads_prefix"]!));
        var claims = Assert.Single(DynamoStatements(module, document), s => TerraformAssert.Strings(s["resources"]).Contains(Claims));
        var conditions = TerraformModule.Blocks(claims, "condition", document);
        var leading = Assert.Single(conditions, c => TerraformAssert.Text(c["variable"]) == "dynamodb:LeadingKeys");
        Assert.Equal("ForAllValues:StringLike", TerraformAssert.Text(leading["test"]));
        Assert.Equal(["${local.uploads_prefix}*"], TerraformAssert.Strings(leading["values"]));
        var returns = Assert.Single(conditions, c => TerraformAssert.Text(c["variable"]) == "dynamodb:ReturnValues");
        Assert.Equal(["NONE"], TerraformAssert.Strings(returns["values"]));

        // The claim key really starts with the upload's key.
        Assert.StartsWith(UploadKeyRule.UploadsPrefix, new IdempotencyKey("uploads/a.mp4", "e").Value, StringComparison.Ordinal);
    }

    private static List<JsonObject> DynamoStatements(TerraformModule module, string document) =>
        [.. TerraformModule.Blocks(module.Data("aws_iam_policy_document", document), "statement", document)
            .Where(s => TerraformAssert.Strings(s["actions"]).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)))];
}
