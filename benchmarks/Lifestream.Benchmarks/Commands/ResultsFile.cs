using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lifestream.Benchmarks.Commands;

/// <summary>Where the measurement commands leave their JSON results, which <c>report</c> reads: BenchmarkDotNet.Artifacts/results under the working directory.</summary>
public static class ResultsFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Folder => Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts", "results");

    /// <summary>Writes <paramref name="result"/> (indented) to <paramref name="fileName"/> in <see cref="Folder"/> and returns the file's path.</summary>
    public static async Task<string> WriteAsync(string fileName, JsonNode result)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(Folder);
        var file = Path.Combine(Folder, fileName);
        await File.WriteAllTextAsync(file, result.ToJsonString(Indented));
        return file;
    }
}
