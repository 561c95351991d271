using System.Text.Json.Nodes;
using Lifestream.Api;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Jobs;
using Lifestream.Core.Uploads;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>terraform/api.tf and notifications.tf agree with the API's code and its OpenAPI document.</summary>
public sealed class ApiContractTests
{
    private static readonly string[] LambdaWebAdapterVariables = ["ASPNETCORE_URLS", "AWS_LWA_PORT", "AWS_LWA_READINESS_CHECK_PATH"];

    [Fact]
    public async Task Every_route_of_the_openapi_document_is_a_route_of_the_http_api_and_nothing_else()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryTerraformModule.RepositoryRoot, "docs", "api", "openapi.json")))!;
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key.Replace("{name}", "{name+}", StringComparison.Ordinal)}"))
            .ToHashSet(StringComparer.Ordinal);

        var routes = TerraformAssert.Strings(module.Locals["api_routes"]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(documented.Order(StringComparer.Ordinal), routes.Order(StringComparer.Ordinal));
        var route = module.Resource("aws_apigatewayv2_route", "api");
        Assert.Equal("${toset(local.api_routes)}", TerraformAssert.Text(route["for_each"]));
        Assert.Equal("JWT", TerraformAssert.Text(route["authorization_type"]));
        Assert.Equal("${aws_apigatewayv2_authorizer.jwt.id}", TerraformAssert.Text(route["authorizer_id"]));
        Assert.Equal("GET /openapi/v1.json", TerraformAssert.Text(module.Resource("aws_apigatewayv2_route", "openapi")["route_key"]));
    }

    [Fact]
    public async Task The_jwt_authorizer_and_the_app_validate_the_same_issuer_and_audiences()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var authorizer = module.Resource("aws_apigatewayv2_authorizer", "jwt");
        var jwt = TerraformAssert.Block(authorizer, "jwt_configuration");
        var environment = Assert.IsType<JsonObject>(module.Locals["api_environment"]);

        Assert.Equal("JWT", TerraformAssert.Text(authorizer["authorizer_type"]));
        Assert.Equal(["$request.header.Authorization"], TerraformAssert.Strings(authorizer["identity_sources"]));
        Assert.Equal("${var.api_jwt_issuer}", TerraformAssert.Text(jwt["issuer"]));
        Assert.Equal("${var.api_jwt_audience}", TerraformAssert.Text(jwt["audience"]));
        Assert.Equal("jwt", TerraformAssert.Text(environment[ApiSettings.AuthVariable]));
        Assert.Equal("${var.api_jwt_issuer}", TerraformAssert.Text(environment[ApiSettings.JwtIssuerVariable]));
        Assert.Equal("${join(\",\", var.api_jwt_audience)}", TerraformAssert.Text(environment[ApiSettings.JwtAudienceVariable]));
    }

    [Fact]
    public async Task Cors_on_the_api_and_the_bucket_admits_only_the_site_origin()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var api = TerraformAssert.Block(module.Resource("aws_apigatewayv2_api", "http"), "cors_configuration");
        var bucket = TerraformAssert.Block(module.Resource("aws_s3_bucket_cors_configuration", "videos"), "cors_rule");
        var environment = Assert.IsType<JsonObject>(module.Locals["api_environment"]);

        Assert.Equal(["${var.site_origin}"], TerraformAssert.Strings(api["allow_origins"]));
        Assert.Equal(["${var.site_origin}"], TerraformAssert.Strings(bucket["allowed_origins"]));
        Assert.Equal("${var.site_origin}", TerraformAssert.Text(environment[ApiSettings.CorsOriginsVariable]));
        Assert.Contains("etag", TerraformAssert.Strings(api["expose_headers"]));
        Assert.Contains("ETag", TerraformAssert.Strings(bucket["expose_headers"]));
        Assert.DoesNotContain("*", TerraformAssert.Strings(api["allow_headers"]));
    }

    [Fact]
    public async Task The_api_function_is_the_plain_app_behind_the_lambda_web_adapter_layer()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var function = module.Resource("aws_lambda_function", "api");
        var environment = Assert.IsType<JsonObject>(module.Locals["api_environment"]);

        Assert.Equal("provided.al2023", TerraformAssert.Text(function["runtime"]));
        Assert.Equal("bootstrap", TerraformAssert.Text(function["handler"]));
        Assert.Equal("${local.api_environment}", TerraformAssert.Text(TerraformAssert.Block(function, "environment")["variables"]));
        var layer = Assert.Single(TerraformAssert.Strings(function["layers"]));
        Assert.Contains(":753240598075:layer:LambdaAdapterLayerX86:${var.api_lambda_adapter_layer_version}", layer, StringComparison.Ordinal);
        Assert.Equal("${aws_s3_object.api_zip.key}", TerraformAssert.Text(function["s3_key"]));
        Assert.Equal("2.0", TerraformAssert.Text(module.Resource("aws_apigatewayv2_integration", "api")["payload_format_version"]));

        // Kestrel listens where the adapter forwards, and the adapter waits for the health endpoint.
        Assert.Equal("http://127.0.0.1:${local.api_port}", TerraformAssert.Text(environment["ASPNETCORE_URLS"]));
        Assert.Equal("${local.api_port}", TerraformAssert.Text(environment["AWS_LWA_PORT"]));
        Assert.Equal("/healthz", TerraformAssert.Text(environment["AWS_LWA_READINESS_CHECK_PATH"]));
    }

    [Fact]
    public async Task The_api_refuses_declared_sizes_over_the_same_object_limit_the_dispatcher_checks()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var api = Assert.IsType<JsonObject>(module.Locals["api_environment"]);
        var dispatcher = Assert.IsType<JsonObject>(module.Locals["upload_limits_environment"]);

        Assert.Equal("${var.max_object_bytes}", TerraformAssert.Text(api[UploadLimits.MaxObjectBytesVariable]));
        Assert.Equal(TerraformAssert.Text(dispatcher[UploadLimits.MaxObjectBytesVariable]), TerraformAssert.Text(api[UploadLimits.MaxObjectBytesVariable]));
    }

    [Fact]
    public async Task Api_environment_names_are_api_settings_and_the_adapters_only_with_every_required_one()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var names = Assert.IsType<JsonObject>(module.Locals["api_environment"]).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var known = TerraformAssert.StringConstants(typeof(ApiSettings), nameof(ApiSettings.LocalOwner)).Concat(LambdaWebAdapterVariables).Append(UploadLimits.MaxObjectBytesVariable).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(known, names);
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal) { ApiSettings.VideosBucketVariable, ApiSettings.JobsTableVariable, ApiSettings.IdempotencyTableVariable, ApiSettings.UploadsQueueUrlVariable, ApiSettings.JwtIssuerVariable, ApiSettings.JwtAudienceVariable },
            names);
    }

    [Fact]
    public async Task The_api_role_queries_only_the_owner_index_never_scans_and_sends_only_to_the_uploads_queue()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var jobs = TerraformAssert.Statement(module, "api", "Jobs");
        var allActions = TerraformModule.Blocks(module.Data("aws_iam_policy_document", "api"), "statement", "api").SelectMany(s => TerraformAssert.Strings(s["actions"])).ToList();

        Assert.DoesNotContain("dynamodb:Scan", allActions);
        Assert.Equal(["${aws_dynamodb_table.jobs.arn}"], TerraformAssert.Strings(jobs["resources"]));
        Assert.DoesNotContain("dynamodb:Query", TerraformAssert.Strings(jobs["actions"]));
        var list = TerraformAssert.Statement(module, "api", "ListOwnJobs");
        Assert.Equal(["dynamodb:Query"], TerraformAssert.Strings(list["actions"]));
        Assert.Equal(["${aws_dynamodb_table.jobs.arn}/index/" + JobsTableSchema.OwnerIndexName], TerraformAssert.Strings(list["resources"]));
        Assert.Equal(["sqs:SendMessage"], TerraformAssert.Strings(TerraformAssert.Statement(module, "api", "SendConfirmMessages")["actions"]));
        Assert.Equal(["${aws_sqs_queue.uploads.arn}"], TerraformAssert.Strings(TerraformAssert.Statement(module, "api", "SendConfirmMessages")["resources"]));
        Assert.Equal(["dynamodb:DeleteItem"], TerraformAssert.Strings(TerraformAssert.Statement(module, "api", "DeleteClaims")["actions"]));
        Assert.Equal(["${aws_s3_bucket.videos.arn}/uploads/*"], TerraformAssert.Strings(TerraformAssert.Statement(module, "api", "UploadsReadWriteDelete")["resources"]));
        Assert.DoesNotContain("s3:PutObject", TerraformAssert.Strings(TerraformAssert.Statement(module, "api", "ResultsReadDelete")["actions"]));
    }

    [Fact]
    public async Task Completion_events_come_from_the_jobs_stream_filtered_to_terminal_statuses()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var pipe = module.Resource("aws_pipes_pipe", "job_completed");
        var terminal = Enum.GetValues<JobStatus>().Where(s => s.IsTerminal()).Select(s => s.ToWire()).Order(StringComparer.Ordinal).ToList();

        Assert.Equal("${aws_dynamodb_table.jobs.stream_arn}", TerraformAssert.Text(pipe["source"]));
        Assert.Equal("${aws_cloudwatch_event_bus.jobs.arn}", TerraformAssert.Text(pipe["target"]));
        Assert.Equal(terminal, TerraformAssert.Strings(module.Locals["terminal_job_statuses"]).Order(StringComparer.Ordinal));
        var update = Assert.IsType<JsonObject>(module.Locals["job_completed_update_pattern"]);
        Assert.Equal("${local.terminal_job_statuses}", TerraformAssert.Text(update["dynamodb"]!["NewImage"]!["status"]!["S"]));
        Assert.Equal("${local.terminal_job_statuses}", TerraformAssert.Text(update["dynamodb"]!["OldImage"]!["status"]!["S"]![0]!["anything-but"]));
        var template = JsonNode.Parse(TerraformAssert.Text(module.Locals["job_completed_event_template"]))!.AsObject();
        Assert.Equal(["job_id", "status", "owner", "s3_bucket", "s3_key", "error", "created_at", "updated_at"], template.Select(p => p.Key));
        Assert.Equal($"<$.dynamodb.NewImage.{JobsTableSchema.Status}.S>", template["status"]!.GetValue<string>());
        Assert.Equal($"<$.dynamodb.NewImage.{JobsTableSchema.Owner}.S>", template["owner"]!.GetValue<string>());
        Assert.Equal(["ReadJobsStream", "PutJobEvents"], TerraformModule.Blocks(module.Data("aws_iam_policy_document", "notifications_pipe"), "statement", "pipe").Select(s => TerraformAssert.Text(s["sid"])));
        Assert.Equal(["${aws_cloudwatch_event_bus.jobs.arn}"], TerraformAssert.Strings(TerraformAssert.Statement(module, "notifications_pipe", "PutJobEvents")["resources"]));
    }

    [Fact]
    public async Task Api_has_log_groups_with_retention_and_alarms_on_5xx_rate_and_p99_latency()
    {
        var module = await RepositoryTerraformModule.GetAsync();

        foreach (var group in new[] { "api", "api_access" })
        {
            Assert.Equal("${var.log_retention_days}", TerraformAssert.Text(module.Resource("aws_cloudwatch_log_group", group)["retention_in_days"]));
        }

        var access = Assert.IsType<JsonObject>(module.Locals["api_access_log_format"]);
        Assert.DoesNotContain(access, p => p.Value!.ToString().Contains("querystring", StringComparison.OrdinalIgnoreCase) || p.Value!.ToString().Contains("header", StringComparison.OrdinalIgnoreCase));
        var latency = module.Resource("aws_cloudwatch_metric_alarm", "api_latency_p99");
        Assert.Equal("p99", TerraformAssert.Text(latency["extended_statistic"]));
        Assert.Equal("Latency", TerraformAssert.Text(latency["metric_name"]));
        var rate = module.Resource("aws_cloudwatch_metric_alarm", "api_5xx_rate");
        var metrics = TerraformModule.Blocks(rate, "metric_query", "rate").Select(q => q["metric"] is JsonArray m ? TerraformAssert.Text(m[0]!["metric_name"]) : null).Where(n => n is not null).ToList();
        Assert.Equal(["5xx", "Count"], metrics);
    }
}
