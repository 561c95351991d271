using System.Text.Json.Nodes;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Processing;
using Lifestream.Core.Reconciliation;
using Lifestream.Core.Uploads;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Unit.Fakes;
using Lifestream.Tests.Unit.Processing.Fakes;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>
/// terraform/iam.tf narrowed to what each role really calls: per table, the exact DynamoDB actions; claims pinned to
/// keys under uploads/; the processor's job writes limited to the attributes a run owns, checked against what the
/// runner really writes on every terminal path.
/// </summary>
public sealed class LeastPrivilegeContractTests
{
    private const string Jobs = "${aws_dynamodb_table.jobs.arn}";
    private const string Claims = "${aws_dynamodb_table.idempotency.arn}";
    private const string JobsIndex = "${aws_dynamodb_table.jobs.arn}/index/" + JobsTableSchema.S3KeyIndexName;
    private const string OwnerIndex = "${aws_dynamodb_table.jobs.arn}/index/" + JobsTableSchema.OwnerIndexName;

    /// <summary>What a job's identity is made of: nothing the processor may rewrite.</summary>
    private static readonly string[] JobIdentity =
        [JobsTableSchema.S3Bucket, JobsTableSchema.S3Key, JobsTableSchema.ETag, JobsTableSchema.TaskArn, JobsTableSchema.Attempts, JobsTableSchema.CreatedAt];

    [Theory]
    [InlineData("processor_task", Claims, "dynamodb:GetItem,dynamodb:PutItem")]
    [InlineData("processor_task", Jobs, "dynamodb:UpdateItem")]
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

    [Fact]
    public async Task The_processor_may_update_only_the_job_attributes_a_run_owns()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var statement = Assert.Single(DynamoStatements(module, "processor_task"), s => TerraformAssert.Strings(s["resources"]).Contains(Jobs));
        var condition = Assert.Single(TerraformModule.Blocks(statement, "condition", "processor jobs"));

        Assert.Equal("ForAllValues:StringEquals", TerraformAssert.Text(condition["test"]));
        Assert.Equal("dynamodb:Attributes", TerraformAssert.Text(condition["variable"]));
        Assert.Equal("${local.processor_job_attributes}", TerraformAssert.Text(condition["values"]));
        var allowed = ProcessorJobAttributes(module);
        var schema = TerraformAssert.StringConstants(typeof(JobsTableSchema)).Concat(TerraformAssert.StringConstants(typeof(RecoveryIndexSchema))).ToList();
        Assert.All(allowed, attribute => Assert.Contains(attribute, schema));
        Assert.Empty(allowed.Intersect(JobIdentity));
    }

    /// <summary>
    /// Runs the real runner through success, failure and rejection, replays every job update it makes through the real
    /// DynamoDbJobStore and collects the attribute names each UpdateItem request carries (key, condition, SET and
    /// REMOVE): all must be in the policy's list, or IAM denies the write in AWS.
    /// </summary>
    [Fact]
    public async Task Every_job_write_the_runner_makes_stays_within_the_policy()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var allowed = ProcessorJobAttributes(module);
        var http = new RecordingDynamoDbHttp();
        using var client = http.CreateClient();
        var store = new DynamoDbJobStore(client, "jobs");

        foreach (var pipeline in new Func<FakePipeline>[]
        {
            FakePipeline.WritingDocuments,
            () => FakePipeline.Throwing(new PipelineException("asr", "broken")),
            () => FakePipeline.Throwing(new PipelineException("probe", "over", new UploadLimitExceededException(new UploadLimits().CheckObjectSize(long.MaxValue)!))),
        })
        {
            using var harness = new RunnerHarness(pipeline());
            await harness.RunAsync();
            foreach (var update in harness.Jobs.AppliedUpdates)
            {
                await store.TryTransitionAsync("job-1", [JobStatus.Running], update, CancellationToken.None);
            }
        }

        var updates = http.Requests.ToList();
        Assert.NotEmpty(updates);
        var written = updates.SelectMany(RecordingDynamoDbHttp.AttributesNamedIn).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(JobsTableSchema.ResultKeys, written);
        Assert.Contains(JobsTableSchema.Error, written);
        Assert.All(written, attribute => Assert.Contains(attribute, allowed));
    }

    private static List<string> ProcessorJobAttributes(TerraformModule module) =>
        [.. Assert.IsType<JsonArray>(module.Locals["processor_job_attributes"]).Select(node => node!.GetValue<string>())];

    private static List<JsonObject> DynamoStatements(TerraformModule module, string document) =>
        [.. TerraformModule.Blocks(module.Data("aws_iam_policy_document", document), "statement", document)
            .Where(s => TerraformAssert.Strings(s["actions"]).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)))];
}
