using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>terraform/iam.tf: every permission is scoped to what the code calls.</summary>
public sealed class IamContractTests
{
    /// <summary>AWS does not allow this action to be scoped to a resource.</summary>
    private static readonly HashSet<string> UnscopableActions = new(StringComparer.Ordinal) { "ecr:GetAuthorizationToken" };

    [Fact]
    public async Task No_policy_grants_a_wildcard_action_or_uses_not_actions()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var statements = TerraformAssert.AllPolicyStatements(module);

        Assert.NotEmpty(statements);
        foreach (var (document, statement) in statements)
        {
            Assert.False(statement.ContainsKey("not_actions"), $"{document}: not_actions grants everything else");
            var actions = TerraformAssert.Strings(statement["actions"]);
            Assert.NotEmpty(actions);
            Assert.All(actions, action => Assert.DoesNotContain("*", action, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Only_unscopable_actions_use_a_wildcard_resource()
    {
        var module = await RepositoryTerraformModule.GetAsync();

        foreach (var (document, statement) in TerraformAssert.AllPolicyStatements(module))
        {
            var resources = statement["resources"] is null ? [] : TerraformAssert.Strings(statement["resources"]);
            var allowsEverything = TerraformAssert.Text(statement["effect"] ?? "Allow") == "Allow" && resources.Contains("*");
            if (allowsEverything)
            {
                Assert.All(TerraformAssert.Strings(statement["actions"]), action => Assert.Contains(action, UnscopableActions));
            }
        }
    }

    [Fact]
    public async Task Every_inline_role_policy_comes_from_a_checked_policy_document()
    {
        var module = await RepositoryTerraformModule.GetAsync();

        Assert.Empty(module.ResourceNames("aws_iam_role_policy_attachment"));
        Assert.Empty(module.ResourceNames("aws_iam_policy"));
        foreach (var name in module.ResourceNames("aws_iam_role_policy"))
        {
            Assert.Matches(@"^\$\{data\.aws_iam_policy_document\.[a-z_]+\.json\}$", TerraformAssert.Text(module.Resource("aws_iam_role_policy", name)["policy"]));
        }
    }

    [Fact]
    public async Task PassRole_is_limited_to_the_two_processor_roles_and_ecs_tasks()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var passRole = TerraformAssert.AllPolicyStatements(module)
            .Where(s => TerraformAssert.Strings(s.Statement["actions"]).Contains("iam:PassRole"))
            .ToList();

        var (document, statement) = Assert.Single(passRole);
        Assert.Equal("dispatcher", document);
        Assert.Equal(["iam:PassRole"], TerraformAssert.Strings(statement["actions"]));
        Assert.Equal(
            ["${aws_iam_role.processor_execution.arn}", "${aws_iam_role.processor_task.arn}"],
            TerraformAssert.Strings(statement["resources"]).Order(StringComparer.Ordinal));
        var condition = Assert.Single(TerraformModule.Blocks(statement, "condition", "PassRole"));
        Assert.Equal("iam:PassedToService", TerraformAssert.Text(condition["variable"]));
        Assert.Equal(["ecs-tasks.amazonaws.com"], TerraformAssert.Strings(condition["values"]));
    }

    [Fact]
    public async Task RunTask_is_limited_to_the_processor_task_definition_on_our_cluster()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var runTask = TerraformAssert.AllPolicyStatements(module)
            .Where(s => TerraformAssert.Strings(s.Statement["actions"]).Any(a => a.StartsWith("ecs:", StringComparison.Ordinal)))
            .ToList();

        var (_, statement) = Assert.Single(runTask);
        Assert.Equal(["ecs:RunTask"], TerraformAssert.Strings(statement["actions"]));
        var resource = Assert.Single(TerraformAssert.Strings(statement["resources"]));
        Assert.StartsWith("${aws_ecs_task_definition.processor.", resource, StringComparison.Ordinal);
        var condition = Assert.Single(TerraformModule.Blocks(statement, "condition", "RunTask"));
        Assert.Equal("ecs:cluster", TerraformAssert.Text(condition["variable"]));
        Assert.Equal(["${aws_ecs_cluster.main.arn}"], TerraformAssert.Strings(condition["values"]));
    }

    [Fact]
    public async Task Processor_task_reads_only_uploads_writes_only_results_and_touches_only_the_two_tables()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var statements = TerraformModule.Blocks(module.Data("aws_iam_policy_document", "processor_task"), "statement", "processor_task");

        foreach (var statement in statements)
        {
            var actions = TerraformAssert.Strings(statement["actions"]);
            var resources = TerraformAssert.Strings(statement["resources"]);
            if (actions.Contains("s3:GetObject"))
            {
                Assert.Equal(["${aws_s3_bucket.videos.arn}/uploads/*"], resources);
            }

            if (actions.Contains("s3:PutObject"))
            {
                Assert.Equal(["${aws_s3_bucket.videos.arn}/${local.results_prefix}*"], resources);
            }

            if (actions.Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)))
            {
                Assert.Single(resources);
                Assert.Contains(resources[0], new[] { "${aws_dynamodb_table.idempotency.arn}", "${aws_dynamodb_table.jobs.arn}" });
                Assert.DoesNotContain("dynamodb:Scan", actions);
                Assert.DoesNotContain("dynamodb:DeleteItem", actions);
            }
        }

        Assert.Contains(statements, s => TerraformAssert.Strings(s["actions"]).Contains("s3:PutObject"));
    }

    [Fact]
    public async Task Dispatcher_queries_the_s3_key_index_and_never_scans()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var statement = TerraformAssert.Statement(module, "dispatcher", "QueryJobAndRecoveryIndexes");

        Assert.Equal(["dynamodb:Query"], TerraformAssert.Strings(statement["actions"]));
        Assert.Contains("${aws_dynamodb_table.jobs.arn}/index/" + Lifestream.Aws.Persistence.JobsTableSchema.S3KeyIndexName, TerraformAssert.Strings(statement["resources"]));
        Assert.All(TerraformAssert.Strings(statement["resources"]), resource => Assert.Contains("/index/", resource, StringComparison.Ordinal));
        Assert.Equal(["${aws_sqs_queue.uploads.arn}", "${aws_sqs_queue.task_events.arn}"], TerraformAssert.Strings(TerraformAssert.Statement(module, "dispatcher", "ConsumeUploadAndTaskEventQueues")["resources"]));
    }

    [Fact]
    public async Task Roles_are_assumable_only_by_their_service()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var expected = new Dictionary<string, string>
        {
            ["dispatcher"] = "${data.aws_iam_policy_document.lambda_assume.json}",
            ["processor_task"] = "${data.aws_iam_policy_document.ecs_tasks_assume.json}",
            ["processor_execution"] = "${data.aws_iam_policy_document.ecs_tasks_assume.json}",
            ["api"] = "${data.aws_iam_policy_document.lambda_assume.json}",
            ["notifications_pipe"] = "${data.aws_iam_policy_document.pipes_assume.json}",
        };

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), module.ResourceNames("aws_iam_role").Order(StringComparer.Ordinal));
        foreach (var (role, document) in expected)
        {
            Assert.Equal(document, TerraformAssert.Text(module.Resource("aws_iam_role", role)["assume_role_policy"]));
        }

        var principal = TerraformAssert.Block(TerraformModule.Blocks(module.Data("aws_iam_policy_document", "lambda_assume"), "statement", "x")[0], "principals");
        Assert.Equal(["lambda.amazonaws.com"], TerraformAssert.Strings(principal["identifiers"]));
    }
}
