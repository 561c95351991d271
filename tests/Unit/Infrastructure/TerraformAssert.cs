using System.Reflection;
using System.Text.Json.Nodes;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>Small readers over hcl2json output shared by the contract tests.</summary>
internal static class TerraformAssert
{
    /// <summary>Values of the public string constants of a contract class (e.g. an env-var name list).</summary>
    public static HashSet<string> StringConstants(Type type, params string[] exceptFieldNames) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && !exceptFieldNames.Contains(f.Name))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

    public static string Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new Xunit.Sdk.XunitException($"Expected a string, got {node?.ToJsonString() ?? "null"}.");

    public static List<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? array.Select(Text).ToList()
            : throw new Xunit.Sdk.XunitException($"Expected a list, got {node?.ToJsonString() ?? "null"}.");

    public static JsonObject Block(JsonObject body, string name) =>
        TerraformModule.SingleBlock(body, name, name) ?? throw new Xunit.Sdk.XunitException($"Block '{name}' is missing.");

    /// <summary>Every statement of every aws_iam_policy_document, with the document's name.</summary>
    public static List<(string Document, JsonObject Statement)> AllPolicyStatements(TerraformModule module) =>
        module.DataNames("aws_iam_policy_document")
            .SelectMany(doc => TerraformModule.Blocks(module.Data("aws_iam_policy_document", doc), "statement", doc).Select(s => (doc, s)))
            .ToList();

    public static JsonObject Statement(TerraformModule module, string document, string sid) =>
        TerraformModule.Blocks(module.Data("aws_iam_policy_document", document), "statement", document)
            .SingleOrDefault(s => s["sid"]?.GetValue<string>() == sid)
        ?? throw new Xunit.Sdk.XunitException($"data.aws_iam_policy_document.{document} has no statement '{sid}'.");
}
