using System.Text.Json.Nodes;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.LocalAws.Terraform;

public sealed class TerraformExpressionResolverTests
{
    private static TerraformExpressionResolver Resolver(string localsJson = "{}", string variablesJson = """{"env_name":"dev","prefix":"ls","count":3,"flag":true}""")
    {
        var variables = JsonNode.Parse(variablesJson)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.DeepClone());
        var locals = JsonNode.Parse(localsJson)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.DeepClone());
        return new TerraformExpressionResolver(variables, locals);
    }

    [Fact]
    public void Templates_substitute_variables_and_locals()
    {
        var resolver = Resolver("""{"name":"${var.prefix}-${var.env_name}"}""");

        Assert.Equal("ls-dev-jobs", resolver.ResolveString(JsonValue.Create("${local.name}-jobs"), "t"));
        Assert.Equal("/ecs/ls-processor-dev", resolver.ResolveString(JsonValue.Create("/ecs/${var.prefix}-processor-${ var.env_name }"), "t"));
        Assert.Equal("n3-true", resolver.ResolveString(JsonValue.Create("n${var.count}-${var.flag}"), "t"));
    }

    [Fact]
    public void Whole_references_keep_their_type()
    {
        var resolver = Resolver("""{"env":{"A":"${var.env_name}","B":5}}""");

        Assert.Equal(3, resolver.ResolveInt32(JsonValue.Create("${var.count}"), "t"));
        var env = Assert.IsType<JsonObject>(resolver.Resolve(JsonValue.Create("${local.env}"), "t"));
        Assert.Equal("dev", env["A"]!.GetValue<string>());
        Assert.Equal(5, env["B"]!.GetValue<int>());
        var encoded = Assert.IsType<JsonObject>(resolver.Resolve(JsonValue.Create("${jsonencode(local.env)}"), "t"));
        Assert.Equal("dev", encoded["A"]!.GetValue<string>());
    }

    [Fact]
    public void Literal_dollar_brace_escape_is_kept()
    {
        Assert.Equal("a${b}c-dev", Resolver().ResolveString(JsonValue.Create("a$${b}c-${var.env_name}"), "t"));
    }

    [Fact]
    public void Numeric_strings_resolve_to_numbers()
    {
        Assert.Equal(120, Resolver().ResolveInt32(JsonValue.Create("120"), "t"));
    }

    [Fact]
    public void Resource_references_stay_as_text_but_are_not_names()
    {
        var resolver = Resolver();
        var reference = JsonValue.Create("${aws_sqs_queue.dlq.arn}");

        Assert.Equal("${aws_sqs_queue.dlq.arn}", resolver.Resolve(reference, "t")!.GetValue<string>());
        Assert.True(TerraformReference.TryParse(reference, out var parsed));
        Assert.Equal(new TerraformReference("aws_sqs_queue", "dlq", "arn"), parsed);
        var error = Assert.Throws<TerraformExpressionException>(() => resolver.ResolveString(reference, "queue.name"));
        Assert.Contains("queue.name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${upper(var.env_name)}")]
    [InlineData("x-${var.flag ? \"a\" : \"b\"}")]
    [InlineData("${aws_s3_bucket.b.arn}/uploads/*")]
    public void Expressions_outside_the_subset_are_named_in_the_error(string expression)
    {
        var error = Assert.Throws<TerraformExpressionException>(() => Resolver().ResolveString(JsonValue.Create(expression), "ctx"));

        Assert.Contains(expression, error.Message, StringComparison.Ordinal);
        Assert.Contains("ctx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_variables_and_locals_are_named()
    {
        var resolver = Resolver();

        Assert.Contains("'region'", Assert.Throws<TerraformExpressionException>(() => resolver.ResolveString(JsonValue.Create("${var.region}"), "t")).Message, StringComparison.Ordinal);
        Assert.Contains("'nope'", Assert.Throws<TerraformExpressionException>(() => resolver.ResolveString(JsonValue.Create("${local.nope}-x"), "t")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_referencing_locals_are_rejected()
    {
        var resolver = Resolver("""{"a":"${local.b}","b":"${local.a}"}""");

        Assert.Throws<TerraformExpressionException>(() => resolver.ResolveString(JsonValue.Create("${local.a}"), "t"));
    }

    [Fact]
    public void Non_scalar_in_a_template_is_rejected()
    {
        var resolver = Resolver("""{"list":["a"]}""");

        Assert.Throws<TerraformExpressionException>(() => resolver.ResolveString(JsonValue.Create("x-${local.list}"), "t"));
    }
}
