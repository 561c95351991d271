using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lifestream.LocalAws.Terraform;

/// <summary>
/// A Terraform module as parsed by tools/hcl2json (@cdktf/hcl2json): variables, locals, resources and data
/// sources, with expressions left as <c>${...}</c> text. <see cref="LocalResourceDefinitionReader"/> turns it into
/// the typed definitions the local stack provisions; the contract tests read it directly.
/// </summary>
public sealed class TerraformModule
{
    private readonly JsonObject root;
    private readonly Dictionary<string, JsonNode?> locals;

    private TerraformModule(JsonObject root)
    {
        this.root = root;
        Variables = ReadVariables(root);
        this.locals = ReadLocals(root);
    }

    public IReadOnlyDictionary<string, TerraformVariable> Variables { get; }

    /// <summary>Every <c>locals</c> entry, unevaluated.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Locals => this.locals;

    /// <summary>Parses the module in <paramref name="moduleDirectory"/> by running tools/hcl2json with node.</summary>
    public static async Task<TerraformModule> LoadAsync(string moduleDirectory, Hcl2JsonOptions options, CancellationToken cancellationToken)
    {
        var json = await Hcl2JsonRunner.ConvertAsync(moduleDirectory, options, cancellationToken);
        return Parse(json);
    }

    /// <summary>Parses the repository's own <c>terraform/</c> module (found from the app's location or the current directory).</summary>
    public static Task<TerraformModule> LoadFromRepositoryAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryPaths.FindRepositoryRoot();
        return LoadAsync(RepositoryPaths.TerraformModuleDirectory(root), Hcl2JsonOptions.ForRepository(root), cancellationToken);
    }

    /// <summary>Reads hcl2json output.</summary>
    public static TerraformModule Parse(string hcl2JsonOutput)
    {
        ArgumentNullException.ThrowIfNull(hcl2JsonOutput);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(hcl2JsonOutput);
        }
        catch (JsonException ex)
        {
            throw new TerraformModuleException($"hcl2json output is not JSON: {ex.Message}", ex);
        }

        return node is JsonObject root
            ? new TerraformModule(root)
            : throw new TerraformModuleException("hcl2json output is not a JSON object.");
    }

    /// <summary>Names of the resources of one type (e.g. <c>aws_sqs_queue</c>), in module order.</summary>
    public IReadOnlyList<string> ResourceNames(string type) => BlockNames("resource", type);

    /// <summary>The body of <c>resource "type" "name"</c>.</summary>
    public JsonObject Resource(string type, string name) => Block("resource", type, name);

    /// <summary>Names of the data sources of one type.</summary>
    public IReadOnlyList<string> DataNames(string type) => BlockNames("data", type);

    /// <summary>The body of <c>data "type" "name"</c>.</summary>
    public JsonObject Data(string type, string name) => Block("data", type, name);

    /// <summary>
    /// A resolver where every variable takes <paramref name="overrides"/>' value if given, else its default;
    /// variables with neither stay unresolvable.
    /// </summary>
    public TerraformExpressionResolver CreateResolver(IReadOnlyDictionary<string, JsonNode?> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var variable in Variables.Values.Where(v => v.HasDefault))
        {
            values[variable.Name] = variable.Default?.DeepClone();
        }

        foreach (var (name, value) in overrides)
        {
            if (!Variables.ContainsKey(name))
            {
                throw new TerraformModuleException($"Variable '{name}' is given a value but the module declares no such variable.");
            }

            values[name] = value?.DeepClone();
        }

        return new TerraformExpressionResolver(values, this.locals);
    }

    /// <summary>Single nested block (hcl2json returns every block as an array); null when absent.</summary>
    public static JsonObject? SingleBlock(JsonObject body, string blockName, string context)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body[blockName] switch
        {
            null => null,
            JsonArray { Count: 1 } array when array[0] is JsonObject block => block,
            JsonArray array => throw new TerraformModuleException($"{context}: expected one '{blockName}' block, found {array.Count}."),
            _ => throw new TerraformModuleException($"{context}: '{blockName}' is not a block."),
        };
    }

    /// <summary>Every nested block of a name (empty when absent).</summary>
    public static IReadOnlyList<JsonObject> Blocks(JsonObject body, string blockName, string context)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body[blockName] switch
        {
            null => [],
            JsonArray array => array.Select(item => item as JsonObject
                ?? throw new TerraformModuleException($"{context}: a '{blockName}' block is not an object.")).ToList(),
            _ => throw new TerraformModuleException($"{context}: '{blockName}' is not a block."),
        };
    }

    private List<string> BlockNames(string kind, string type) =>
        this.root[kind]?[type] is JsonObject byName ? byName.Select(pair => pair.Key).ToList() : [];

    private JsonObject Block(string kind, string type, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var address = kind == "data" ? $"data.{type}.{name}" : $"{type}.{name}";
        return this.root[kind]?[type]?[name] switch
        {
            JsonArray { Count: 1 } array when array[0] is JsonObject body => body,
            JsonArray { Count: > 1 } => throw new TerraformModuleException($"{address} is declared more than once."),
            _ => throw new TerraformModuleException($"{address} is not declared in the module."),
        };
    }

    private static Dictionary<string, TerraformVariable> ReadVariables(JsonObject root)
    {
        var variables = new Dictionary<string, TerraformVariable>(StringComparer.Ordinal);
        if (root["variable"] is not JsonObject declared)
        {
            return variables;
        }

        foreach (var (name, blocks) in declared)
        {
            if (blocks is not JsonArray { Count: 1 } array || array[0] is not JsonObject body)
            {
                throw new TerraformModuleException($"variable '{name}' is declared more than once or is malformed.");
            }

            var validations = Blocks(body, "validation", $"variable.{name}")
                .Select(v => new TerraformValidation(
                    v["condition"]?.GetValue<string>() ?? string.Empty,
                    v["error_message"]?.GetValue<string>() ?? string.Empty))
                .ToList();
            variables[name] = new TerraformVariable(name, body.ContainsKey("default"), body["default"]?.DeepClone(), validations);
        }

        return variables;
    }

    private static Dictionary<string, JsonNode?> ReadLocals(JsonObject root)
    {
        var locals = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (root["locals"] is not JsonArray blocks)
        {
            return locals;
        }

        foreach (var block in blocks.OfType<JsonObject>())
        {
            foreach (var (name, value) in block)
            {
                if (!locals.TryAdd(name, value?.DeepClone()))
                {
                    throw new TerraformModuleException($"local '{name}' is defined more than once.");
                }
            }
        }

        return locals;
    }
}
