using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lifestream.LocalAws.Terraform;

/// <summary>A whole-value reference to a resource attribute, e.g. <c>${aws_sqs_queue.uploads_dlq.arn}</c>.</summary>
public sealed partial record TerraformReference(string ResourceType, string ResourceName, string Attribute)
{
    /// <summary>True when <paramref name="value"/> is exactly one <c>${type.name.attribute}</c> reference.</summary>
    public static bool TryParse(JsonNode? value, [NotNullWhen(true)] out TerraformReference? reference)
    {
        reference = null;
        if (value is not JsonValue jsonValue || !jsonValue.TryGetValue<string>(out var text))
        {
            return false;
        }

        var match = ReferencePattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        reference = new TerraformReference(match.Groups["type"].Value, match.Groups["name"].Value, match.Groups["attribute"].Value);
        return true;
    }

    public override string ToString() => $"{ResourceType}.{ResourceName}.{Attribute}";

    [GeneratedRegex(@"^\$\{\s*(?<type>[a-z][a-z0-9]*_[a-z0-9_]+)\.(?<name>[A-Za-z_][A-Za-z0-9_-]*)\.(?<attribute>[A-Za-z_][A-Za-z0-9_]*)\s*\}$")]
    private static partial Regex ReferencePattern();
}
