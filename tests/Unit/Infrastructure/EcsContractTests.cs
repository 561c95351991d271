using System.Text.Json.Nodes;
using Lifestream.Core.Processing;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>terraform/ecs.tf: the processor task's size and the environment the processor host reads.</summary>
public sealed class EcsContractTests
{
    /// <summary>Set per job by the dispatcher as container overrides, so never static in the task definition.</summary>
    private static readonly string[] PerJobVariables =
    [
        ProcessorEnvironmentVariables.JobId,
        ProcessorEnvironmentVariables.S3Bucket,
        ProcessorEnvironmentVariables.S3Key,
        ProcessorEnvironmentVariables.S3ETag,
        ProcessorEnvironmentVariables.ClaimAttempt,
    ];

    [Fact]
    public async Task Processor_task_is_fargate_with_4_vcpu_and_8_gb()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var resolver = module.CreateResolver(new Dictionary<string, JsonNode?> { ["env_name"] = "local" });
        var task = module.Resource("aws_ecs_task_definition", TerraformResourceNames.ProcessorTaskDefinition);

        Assert.Equal(4096, resolver.ResolveInt32(task["cpu"], "cpu"));
        Assert.Equal(8192, resolver.ResolveInt32(task["memory"], "memory"));
        Assert.Equal(["FARGATE"], TerraformAssert.Strings(task["requires_compatibilities"]));
        Assert.Equal("awsvpc", TerraformAssert.Text(task["network_mode"]));
        Assert.Equal("${aws_iam_role.processor_task.arn}", TerraformAssert.Text(task["task_role_arn"]));
        Assert.Equal("${aws_iam_role.processor_execution.arn}", TerraformAssert.Text(task["execution_role_arn"]));
    }

    [Fact]
    public async Task Processor_static_environment_names_are_ProcessorEnvironmentVariables_minus_the_per_job_overrides()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var environment = Assert.IsType<JsonObject>(module.Locals["processor_environment"]);
        var allNames = TerraformAssert.StringConstants(typeof(ProcessorEnvironmentVariables), nameof(ProcessorEnvironmentVariables.DefaultWorkDir));

        var expected = allNames.Except(PerJobVariables).Order(StringComparer.Ordinal);
        Assert.Equal(expected, environment.Select(p => p.Key).Order(StringComparer.Ordinal));

        // The container definition renders exactly that map.
        var containers = TerraformAssert.Text(module.Resource("aws_ecs_task_definition", TerraformResourceNames.ProcessorTaskDefinition)["container_definitions"]);
        Assert.Contains("in local.processor_environment", containers, StringComparison.Ordinal);
        Assert.Contains("name        = local.processor_container_name", containers, StringComparison.Ordinal);
        Assert.Contains("stopTimeout = var.processor_stop_timeout_seconds", containers, StringComparison.Ordinal);
        Assert.Contains("awslogs-group         = aws_cloudwatch_log_group.processor.name", containers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Processor_and_dispatcher_agree_on_tables_work_dir_and_container_name()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var resolver = module.CreateResolver(new Dictionary<string, JsonNode?> { ["env_name"] = "local" });
        var processor = module.Locals["processor_environment"]!;
        var dispatcher = module.Locals["dispatcher_environment"]!;
        var tables = LocalResourceDefinitionReader.Read(module, EnvironmentNames.Local);

        string Resolve(JsonNode node, string name) => resolver.ResolveString(node[name], name);

        Assert.Equal(tables.Table(TerraformResourceNames.JobsTable).TableName, Resolve(processor, ProcessorEnvironmentVariables.JobsTableName));
        Assert.Equal(tables.Table(TerraformResourceNames.JobsTable).TableName, Resolve(dispatcher, "JOBS_TABLE_NAME"));
        Assert.Equal(tables.Table(TerraformResourceNames.IdempotencyTable).TableName, Resolve(processor, ProcessorEnvironmentVariables.IdempotencyTableName));
        Assert.Equal(tables.Table(TerraformResourceNames.IdempotencyTable).TableName, Resolve(dispatcher, "IDEMPOTENCY_TABLE_NAME"));
        Assert.Equal(ProcessorEnvironmentVariables.DefaultWorkDir, Resolve(processor, ProcessorEnvironmentVariables.WorkDir));
        Assert.Equal(ProcessorEnvironmentVariables.DefaultWorkDir, Resolve(dispatcher, "PROCESSOR_WORK_DIR"));
        Assert.Equal(Resolve(processor, ProcessorEnvironmentVariables.TaskTimeoutSeconds), Resolve(dispatcher, "TASK_TIMEOUT_SECONDS"));
        Assert.Equal("processor", Resolve(dispatcher, "ECS_CONTAINER_NAME"));
        Assert.Equal("results/", Resolve(processor, ProcessorEnvironmentVariables.ResultsPrefix));
    }

    [Fact]
    public async Task Processor_logs_go_to_the_ecs_log_group_with_retention()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var resolver = module.CreateResolver(new Dictionary<string, JsonNode?> { ["env_name"] = "prod" });
        var group = module.Resource("aws_cloudwatch_log_group", "processor");

        Assert.Equal("/ecs/lifestream-processor-prod", resolver.ResolveString(group["name"], "name"));
        Assert.True(resolver.ResolveInt32(group["retention_in_days"], "retention_in_days") > 0);
        Assert.True(resolver.ResolveInt32(module.Resource("aws_cloudwatch_log_group", "dispatcher")["retention_in_days"], "retention") > 0);
    }

    [Fact]
    public async Task Stop_timeout_gives_the_processor_its_30_second_grace_period()
    {
        var module = await RepositoryTerraformModule.GetAsync();

        Assert.Equal(30, module.Variables["processor_stop_timeout_seconds"].Default!.GetValue<int>());
    }
}
