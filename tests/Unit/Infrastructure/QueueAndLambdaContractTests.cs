using System.Text.RegularExpressions;
using Lifestream.Aws.Ecs;
using Lifestream.Core.Dispatching;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>terraform/sqs.tf and lambda.tf: the queue, redrive and event source mapping the dispatcher relies on.</summary>
public sealed partial class QueueAndLambdaContractTests
{
    [Fact]
    public async Task Uploads_queue_has_120s_visibility_and_redrives_to_the_dlq_after_5_receives()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var definitions = LocalResourceDefinitionReader.Read(module, EnvironmentNames.Local);
        var uploads = definitions.Queue(TerraformResourceNames.UploadsQueue);

        Assert.Equal(120, uploads.VisibilityTimeoutSeconds);
        Assert.NotNull(uploads.Redrive);
        Assert.Equal(TerraformResourceNames.UploadsDeadLetterQueue, uploads.Redrive.DeadLetterQueueResourceName);
        Assert.Equal(5, uploads.Redrive.MaxReceiveCount);
        Assert.Equal(20, uploads.ReceiveWaitTimeSeconds);
        var dlq = definitions.Queue(TerraformResourceNames.UploadsDeadLetterQueue);
        Assert.Null(dlq.Redrive);
        // A redriven message keeps its original age; the DLQ must outlive the source queue's retention.
        Assert.True(dlq.MessageRetentionSeconds > uploads.MessageRetentionSeconds);
        Assert.Equal("lifestream-local-uploads", uploads.QueueName);
        Assert.Equal("lifestream-local-uploads-dlq", dlq.QueueName);
    }

    [Fact]
    public async Task Visibility_timeout_validation_requires_six_times_the_lambda_timeout_and_defaults_satisfy_it()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var visibility = module.Variables["queue_visibility_timeout_seconds"];
        var lambdaTimeout = module.Variables["lambda_timeout_seconds"];

        Assert.Contains(visibility.Validations, v => SixTimesRule().IsMatch(v.Condition));
        Assert.True(visibility.Default!.GetValue<int>() >= 6 * lambdaTimeout.Default!.GetValue<int>());

        // The validated variables are the ones the resources actually use.
        Assert.Equal("${var.queue_visibility_timeout_seconds}", TerraformAssert.Text(module.Resource("aws_sqs_queue", "uploads")["visibility_timeout_seconds"]));
        Assert.Equal("${var.lambda_timeout_seconds}", TerraformAssert.Text(module.Resource("aws_lambda_function", "dispatcher")["timeout"]));
    }

    [Fact]
    public async Task Dlq_receive_count_must_exceed_max_attempts_and_defaults_satisfy_it()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var receives = module.Variables["dlq_max_receive_count"];
        var attempts = module.Variables["max_attempts"];

        Assert.Contains(receives.Validations, v => ReceivesAboveAttemptsRule().IsMatch(v.Condition));
        Assert.True(receives.Default!.GetValue<int>() > attempts.Default!.GetValue<int>());

        // The validated variable is the one the redrive policy actually uses.
        var definitions = LocalResourceDefinitionReader.Read(module, EnvironmentNames.Local);
        Assert.Equal(receives.Default!.GetValue<int>(), definitions.Queue(TerraformResourceNames.UploadsQueue).Redrive!.MaxReceiveCount);
    }

    [Fact]
    public async Task Event_source_mapping_reports_batch_item_failures_from_the_uploads_queue()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var mapping = module.Resource("aws_lambda_event_source_mapping", TerraformResourceNames.UploadsEventSourceMapping);

        Assert.Equal(["ReportBatchItemFailures"], TerraformAssert.Strings(mapping["function_response_types"]));
        Assert.Equal("${aws_sqs_queue.uploads.arn}", TerraformAssert.Text(mapping["event_source_arn"]));
        Assert.Equal("${aws_lambda_function.dispatcher.arn}", TerraformAssert.Text(mapping["function_name"]));
    }

    [Fact]
    public async Task Dispatcher_is_a_provided_al2023_bootstrap_zip_with_reserved_concurrency()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var function = module.Resource("aws_lambda_function", TerraformResourceNames.DispatcherFunction);

        Assert.Equal("provided.al2023", TerraformAssert.Text(function["runtime"]));
        Assert.Equal("bootstrap", TerraformAssert.Text(function["handler"]));
        Assert.Null(function["filename"]);
        Assert.Equal("${aws_s3_object.dispatcher_zip.key}", TerraformAssert.Text(function["s3_key"]));
        Assert.Equal("${aws_s3_object.dispatcher_zip.bucket}", TerraformAssert.Text(function["s3_bucket"]));
        Assert.Equal("${filebase64sha256(var.dispatcher_zip_path)}", TerraformAssert.Text(function["source_code_hash"]));
        Assert.Equal("${var.dispatcher_zip_path}", TerraformAssert.Text(module.Resource("aws_s3_object", "dispatcher_zip")["source"]));
        Assert.Equal("${var.lambda_reserved_concurrency}", TerraformAssert.Text(function["reserved_concurrent_executions"]));
    }

    [Fact]
    public async Task Dispatcher_environment_names_are_exactly_DispatcherEnvironmentVariables_and_EcsEnvironmentVariables()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var function = module.Resource("aws_lambda_function", TerraformResourceNames.DispatcherFunction);
        Assert.Equal("${merge(local.dispatcher_environment, local.upload_limits_environment)}", TerraformAssert.Text(TerraformAssert.Block(function, "environment")["variables"]));

        var environment = Assert.IsType<System.Text.Json.Nodes.JsonObject>(module.Locals["dispatcher_environment"]);
        var expected = TerraformAssert.StringConstants(typeof(DispatcherEnvironmentVariables)).Concat(TerraformAssert.StringConstants(typeof(EcsEnvironmentVariables)));
        Assert.Equal(expected.Order(StringComparer.Ordinal), environment.Select(p => p.Key).Order(StringComparer.Ordinal));
        var limits = Assert.IsType<System.Text.Json.Nodes.JsonObject>(module.Locals["upload_limits_environment"]);
        Assert.Equal(Lifestream.Core.Uploads.UploadLimits.Variables.Order(StringComparer.Ordinal), limits.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Upload_limit_variables_default_to_the_code_defaults_and_the_bucket_is_pinned()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var limits = Assert.IsType<System.Text.Json.Nodes.JsonObject>(module.Locals["upload_limits_environment"]);
        var defaults = new Lifestream.Core.Uploads.UploadLimits().ToEnvironment();

        foreach (var (name, value) in limits)
        {
            var variable = System.Text.RegularExpressions.Regex.Match(TerraformAssert.Text(value!), @"^\$\{var\.([a-z_]+)\}$").Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(variable), $"{name} must come straight from a variable");
            Assert.Equal(defaults[name], module.Variables[variable].Default!.ToString());
        }

        Assert.Equal("${local.bucket_name}", TerraformAssert.Text(module.Locals["dispatcher_environment"]![DispatcherEnvironmentVariables.VideosBucket]!));
    }

    [GeneratedRegex(@"var\.queue_visibility_timeout_seconds\s*>=\s*6\s*\*\s*var\.lambda_timeout_seconds")]
    private static partial Regex SixTimesRule();

    [GeneratedRegex(@"^\$\{\s*var\.dlq_max_receive_count\s*>\s*var\.max_attempts\s*\}$")]
    private static partial Regex ReceivesAboveAttemptsRule();
}
