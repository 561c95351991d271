using System.Text.Json;
using Json.Schema;

namespace Lifestream.Tests.Unit.Pipeline.Documents;

/// <summary>Loads docs/schema/summary.schema.json from the repository and validates documents with JsonSchema.Net.</summary>
internal static class SummarySchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Locate())));

    public static EvaluationResults Evaluate(string json) =>
        Schema.Value.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    public static void AssertValid(string json)
    {
        var result = Evaluate(json);
        var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, "summary.json does not match the schema: " + string.Join("; ", errors));
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "schema", "summary.schema.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/schema/summary.schema.json not found above " + AppContext.BaseDirectory);
    }
}
