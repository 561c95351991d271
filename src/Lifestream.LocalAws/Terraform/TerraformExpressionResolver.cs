using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lifestream.LocalAws.Terraform;

/// <summary>
/// Evaluates the small subset of Terraform expressions the local stack needs, on hcl2json output.
/// Supported:
/// <list type="bullet">
/// <item>literals (strings without <c>${</c>, numbers, booleans, objects, arrays — resolved member by member);</item>
/// <item>a whole value <c>${var.NAME}</c> or <c>${local.NAME}</c> — the variable's value (given or its default) or the
/// local's value, of any type;</item>
/// <item><c>${jsonencode(local.NAME)}</c> — the local's structure (readers want the structure, not its encoding);</item>
/// <item>string templates whose every interpolation is <c>var.NAME</c> or <c>local.NAME</c> with a scalar value,
/// e.g. <c>"${local.name}-jobs"</c>; <c>$${</c> is a literal <c>${</c>.</item>
/// </list>
/// A whole-value resource reference such as <c>${aws_sqs_queue.dlq.arn}</c> is kept as its text (parse it with
/// <see cref="TerraformReference.TryParse"/>); <see cref="ResolveString"/> rejects it, as a name cannot be known
/// before apply. Anything else (functions, conditionals, for-expressions) raises
/// <see cref="TerraformExpressionException"/> naming the expression; keep what the local stack reads within the subset.
/// </summary>
public sealed partial class TerraformExpressionResolver
{
    private readonly IReadOnlyDictionary<string, JsonNode?> variables;
    private readonly IReadOnlyDictionary<string, JsonNode?> locals;
    private readonly HashSet<string> resolvingLocals = new(StringComparer.Ordinal);

    /// <param name="variables">Variable values (defaults already applied); a missing name cannot be resolved.</param>
    /// <param name="locals">The module's locals, unevaluated.</param>
    public TerraformExpressionResolver(IReadOnlyDictionary<string, JsonNode?> variables, IReadOnlyDictionary<string, JsonNode?> locals)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(locals);
        this.variables = variables;
        this.locals = locals;
    }

    /// <summary>Resolves <paramref name="value"/>; <paramref name="context"/> names where it came from, for errors.</summary>
    public JsonNode? Resolve(JsonNode? value, string context)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonObject obj:
                var resolvedObject = new JsonObject();
                foreach (var (key, member) in obj)
                {
                    resolvedObject[key] = Resolve(member, $"{context}.{key}");
                }

                return resolvedObject;
            case JsonArray array:
                var resolvedArray = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    resolvedArray.Add(Resolve(array[i], $"{context}[{i}]"));
                }

                return resolvedArray;
            case JsonValue scalar when scalar.TryGetValue<string>(out var text):
                return ResolveText(text, context);
            default:
                return value.DeepClone();
        }
    }

    /// <summary>Resolves to a string (numbers and booleans are formatted the way Terraform converts them).</summary>
    public string ResolveString(JsonNode? value, string context)
    {
        var resolved = Resolve(value, context);
        if (TerraformReference.TryParse(resolved, out var reference))
        {
            throw new TerraformExpressionException($"{context}: '{reference}' is only known after apply; expected a value the module defines.");
        }

        return ScalarToString(resolved, context);
    }

    /// <summary>Resolves to a whole number (a number or a numeric string).</summary>
    public int ResolveInt32(JsonNode? value, string context)
    {
        var resolved = Resolve(value, context);
        if (resolved is JsonValue scalar)
        {
            if (scalar.TryGetValue<int>(out var number))
            {
                return number;
            }

            if (scalar.TryGetValue<double>(out var real) && real == Math.Floor(real) && real is >= int.MinValue and <= int.MaxValue)
            {
                return (int)real;
            }

            if (scalar.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }
        }

        throw new TerraformExpressionException($"{context}: expected a whole number, got {Describe(resolved)}.");
    }

    private JsonNode? ResolveText(string text, string context)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return JsonValue.Create(text);
        }

        var whole = WholeReferencePattern().Match(text);
        if (whole.Success)
        {
            return Lookup(whole.Groups["kind"].Value, whole.Groups["name"].Value, context);
        }

        if (TerraformReference.TryParse(JsonValue.Create(text), out _))
        {
            return JsonValue.Create(text);
        }

        var encoded = JsonEncodedLocalPattern().Match(text);
        if (encoded.Success)
        {
            return Lookup("local", encoded.Groups["name"].Value, context);
        }

        return JsonValue.Create(ResolveTemplate(text, context));
    }

    private string ResolveTemplate(string text, string context)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var start = text.IndexOf("${", position, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(text, position, text.Length - position);
                break;
            }

            // "$${" is Terraform's escape for a literal "${".
            if (start > 0 && text[start - 1] == '$')
            {
                result.Append(text, position, start - 1 - position).Append("${");
                position = start + 2;
                continue;
            }

            var end = text.IndexOf('}', start);
            var inner = end < 0 ? null : text[(start + 2)..end];
            var reference = inner is null ? Match.Empty : InnerReferencePattern().Match(inner);
            if (!reference.Success)
            {
                throw Unsupported(text, context);
            }

            result.Append(text, position, start - position);
            var value = Lookup(reference.Groups["kind"].Value, reference.Groups["name"].Value, context);
            result.Append(ScalarToString(value, $"{context} (in '{text}')"));
            position = end + 1;
        }

        return result.ToString();
    }

    private JsonNode? Lookup(string kind, string name, string context)
    {
        if (kind == "var")
        {
            if (!this.variables.TryGetValue(name, out var value))
            {
                throw new TerraformExpressionException($"{context}: variable '{name}' has no value (no default and none given).");
            }

            return value?.DeepClone();
        }

        if (!this.locals.TryGetValue(name, out var local))
        {
            throw new TerraformExpressionException($"{context}: local '{name}' is not defined.");
        }

        if (!resolvingLocals.Add(name))
        {
            throw new TerraformExpressionException($"{context}: local '{name}' refers to itself.");
        }

        try
        {
            return Resolve(local, $"local.{name}");
        }
        finally
        {
            resolvingLocals.Remove(name);
        }
    }

    private static string ScalarToString(JsonNode? value, string context)
    {
        if (value is JsonValue scalar)
        {
            if (scalar.TryGetValue<string>(out var text))
            {
                return text;
            }

            if (scalar.TryGetValue<bool>(out var flag))
            {
                return flag ? "true" : "false";
            }

            if (scalar.TryGetValue<double>(out var number))
            {
                return number.ToString(CultureInfo.InvariantCulture);
            }
        }

        throw new TerraformExpressionException($"{context}: expected a string, number or bool, got {Describe(value)}.");
    }

    private static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        _ => $"'{value.ToJsonString()}'",
    };

    private static TerraformExpressionException Unsupported(string expression, string context) =>
        new($"{context}: '{expression}' is outside the supported expression subset " +
            "(var.NAME, local.NAME, jsonencode(local.NAME) and string templates of var/local values).");

    [GeneratedRegex(@"^\$\{\s*(?<kind>var|local)\.(?<name>[A-Za-z_][A-Za-z0-9_-]*)\s*\}$")]
    private static partial Regex WholeReferencePattern();

    [GeneratedRegex(@"^\$\{\s*jsonencode\(\s*local\.(?<name>[A-Za-z_][A-Za-z0-9_-]*)\s*\)\s*\}$")]
    private static partial Regex JsonEncodedLocalPattern();

    [GeneratedRegex(@"^\s*(?<kind>var|local)\.(?<name>[A-Za-z_][A-Za-z0-9_-]*)\s*$")]
    private static partial Regex InnerReferencePattern();
}
