using System.Text.Json.Nodes;
using Lifestream.Api;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>terraform/site.tf: the web app's bucket is private to CloudFront, the API shares the origin, the headers are strict.</summary>
public sealed class SiteContractTests
{
    [Fact]
    public async Task The_site_bucket_is_private_and_only_this_distribution_reads_it_through_origin_access_control()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var block = module.Resource("aws_s3_bucket_public_access_block", "site");
        foreach (var setting in new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" })
        {
            Assert.True(block[setting]!.GetValue<bool>(), $"aws_s3_bucket_public_access_block.site.{setting}");
        }

        Assert.Equal("BucketOwnerEnforced", TerraformAssert.Text(TerraformAssert.Block(module.Resource("aws_s3_bucket_ownership_controls", "site"), "rule")["object_ownership"]));
        var read = TerraformAssert.Statement(module, "site_bucket", "CloudFrontReadsTheSite");
        Assert.Equal(["s3:GetObject"], TerraformAssert.Strings(read["actions"]));
        var principal = TerraformAssert.Block(read, "principals");
        Assert.Equal("Service", TerraformAssert.Text(principal["type"]));
        Assert.Equal(["cloudfront.amazonaws.com"], TerraformAssert.Strings(principal["identifiers"]));
        var condition = TerraformAssert.Block(read, "condition");
        Assert.Equal("AWS:SourceArn", TerraformAssert.Text(condition["variable"]));
        Assert.Equal(["${aws_cloudfront_distribution.site.arn}"], TerraformAssert.Strings(condition["values"]));
        Assert.Equal("false", TerraformAssert.Strings(TerraformAssert.Block(TerraformAssert.Statement(module, "site_bucket", "DenyInsecureTransport"), "condition")["values"]).Single());

        var oac = module.Resource("aws_cloudfront_origin_access_control", "site");
        Assert.Equal("s3", TerraformAssert.Text(oac["origin_access_control_origin_type"]));
        Assert.Equal("always", TerraformAssert.Text(oac["signing_behavior"]));
        Assert.Equal("sigv4", TerraformAssert.Text(oac["signing_protocol"]));
        var site = Origin(module, "site");
        Assert.Equal("${aws_cloudfront_origin_access_control.site.id}", TerraformAssert.Text(site["origin_access_control_id"]));
        Assert.Equal("${aws_s3_bucket.site.bucket_regional_domain_name}", TerraformAssert.Text(site["domain_name"]));
        Assert.False(site.ContainsKey("s3_origin_config"), "no legacy origin access identity");
    }

    [Fact]
    public async Task The_api_is_on_the_sites_origin_uncached_with_the_callers_headers_and_every_documented_path_reaches_it()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var api = Origin(module, "api");
        Assert.Equal("${local.api_host}", TerraformAssert.Text(api["domain_name"]));
        Assert.Equal("${replace(aws_apigatewayv2_api.http.api_endpoint, \"https://\", \"\")}", TerraformAssert.Text(module.Locals["api_host"]));
        Assert.Equal("https-only", TerraformAssert.Text(TerraformAssert.Block(api, "custom_origin_config")["origin_protocol_policy"]));

        var dynamic = Assert.IsType<JsonObject>(Distribution(module)["dynamic"]);
        var behaviour = Assert.Single(TerraformModule.Blocks(dynamic, "ordered_cache_behavior", "ordered_cache_behavior"));
        Assert.Equal("${local.site_api_paths}", TerraformAssert.Text(behaviour["for_each"]));
        var content = TerraformAssert.Block(behaviour, "content");
        Assert.Equal("api", TerraformAssert.Text(content["target_origin_id"]));
        Assert.Equal("${local.cloudfront_managed_policies.caching_disabled}", TerraformAssert.Text(content["cache_policy_id"]));
        Assert.Equal("${local.cloudfront_managed_policies.all_viewer_except_host_header}", TerraformAssert.Text(content["origin_request_policy_id"]));
        Assert.Superset(new HashSet<string>(["GET", "POST", "DELETE"]), TerraformAssert.Strings(content["allowed_methods"]).ToHashSet());
        var managed = Assert.IsType<JsonObject>(module.Locals["cloudfront_managed_policies"]);
        Assert.Equal("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", TerraformAssert.Text(managed["caching_disabled"]));
        Assert.Equal("b689b0a8-53d0-40ab-baf2-68738e2966ac", TerraformAssert.Text(managed["all_viewer_except_host_header"]));
        Assert.Equal("658327ea-f89d-4fab-a63d-7e88639e58f6", TerraformAssert.Text(managed["caching_optimized"]));

        var patterns = TerraformAssert.Strings(module.Locals["site_api_paths"]);
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryTerraformModule.RepositoryRoot, "docs", "api", "openapi.json")))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).Append("/openapi/v1.json");
        Assert.All(paths, path => Assert.Contains(patterns, pattern => path.StartsWith(pattern.TrimEnd('*'), StringComparison.Ordinal)));

        var fallback = TerraformAssert.Block(Distribution(module), "default_cache_behavior");
        Assert.Equal("site", TerraformAssert.Text(fallback["target_origin_id"]));
        Assert.Equal("redirect-to-https", TerraformAssert.Text(fallback["viewer_protocol_policy"]));
        Assert.Equal(["GET", "HEAD"], TerraformAssert.Strings(fallback["allowed_methods"]));
    }

    [Fact]
    public async Task Every_response_carries_the_apps_csp_without_inline_script_hsts_and_no_framing()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var headers = TerraformAssert.Block(module.Resource("aws_cloudfront_response_headers_policy", "site"), "security_headers_config");
        var csp = TerraformAssert.Block(headers, "content_security_policy");
        Assert.Equal("${local.site_content_security_policy}", TerraformAssert.Text(csp["content_security_policy"]));
        var policy = TerraformAssert.Text(module.Locals["site_content_security_policy"]);

        // The same policy the API host sends when it serves the page itself, with the videos bucket as storage.
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy("https://${aws_s3_bucket.videos.bucket_regional_domain_name}"), policy);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);

        var hsts = TerraformAssert.Block(headers, "strict_transport_security");
        Assert.True(hsts["access_control_max_age_sec"]!.GetValue<long>() >= 31536000, "HSTS for at least a year");
        Assert.True(hsts["include_subdomains"]!.GetValue<bool>());
        Assert.Equal("DENY", TerraformAssert.Text(TerraformAssert.Block(headers, "frame_options")["frame_option"]));
        Assert.True(TerraformAssert.Block(headers, "content_type_options")["override"]!.GetValue<bool>());
        Assert.Equal("no-referrer", TerraformAssert.Text(TerraformAssert.Block(headers, "referrer_policy")["referrer_policy"]));
        foreach (var name in new[] { "content_security_policy", "strict_transport_security", "frame_options", "referrer_policy" })
        {
            Assert.True(TerraformAssert.Block(headers, name)["override"]!.GetValue<bool>(), $"{name} overrides what an origin sends");
        }

        var distribution = Distribution(module);
        var apiBehaviour = TerraformAssert.Block(TerraformModule.Blocks(Assert.IsType<JsonObject>(distribution["dynamic"]), "ordered_cache_behavior", "dynamic").Single(), "content");
        foreach (var behaviour in new[] { TerraformAssert.Block(distribution, "default_cache_behavior"), apiBehaviour })
        {
            Assert.Equal("${aws_cloudfront_response_headers_policy.site.id}", TerraformAssert.Text(behaviour["response_headers_policy_id"]));
        }
    }

    [Fact]
    public async Task The_built_files_are_uploaded_with_their_content_type_hashed_assets_immutable_and_the_page_revalidated()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var files = module.Resource("aws_s3_object", "site");
        Assert.Equal("${fileset(var.site_dist_path, \"**\")}", TerraformAssert.Text(files["for_each"]));
        Assert.Equal("../src/Lifestream.Web/dist", module.Variables["site_dist_path"].Default!.GetValue<string>());
        Assert.Contains("immutable", TerraformAssert.Text(files["cache_control"]), StringComparison.Ordinal);
        Assert.Contains("no-cache", TerraformAssert.Text(files["cache_control"]), StringComparison.Ordinal);
        var types = Assert.IsType<JsonObject>(module.Locals["site_content_types"]);
        Assert.StartsWith("text/html", TerraformAssert.Text(types["html"]), StringComparison.Ordinal);
        Assert.StartsWith("text/javascript", TerraformAssert.Text(types["js"]), StringComparison.Ordinal);
        Assert.StartsWith("text/css", TerraformAssert.Text(types["css"]), StringComparison.Ordinal);

        // Whatever the build emits has a type (checked when the page is built, as in CI).
        var dist = Path.Combine(RepositoryTerraformModule.RepositoryRoot, "src", "Lifestream.Web", "dist");
        if (Directory.Exists(dist))
        {
            foreach (var file in Directory.EnumerateFiles(dist, "*", SearchOption.AllDirectories))
            {
                Assert.True(types.ContainsKey(Path.GetExtension(file).TrimStart('.').ToLowerInvariant()), $"{file} has no content type in local.site_content_types");
            }
        }
    }

    private static JsonObject Distribution(TerraformModule module) => module.Resource("aws_cloudfront_distribution", "site");

    private static JsonObject Origin(TerraformModule module, string id) =>
        TerraformModule.Blocks(Distribution(module), "origin", "aws_cloudfront_distribution.site")
            .SingleOrDefault(o => o["origin_id"]?.GetValue<string>() == id)
        ?? throw new Xunit.Sdk.XunitException($"The distribution has no origin '{id}'.");
}
