using Lifestream.Core.Configuration;

namespace Lifestream.LocalAws.Terraform;

/// <summary>
/// How to run tools/hcl2json: the node executable and the script that prints the module as JSON.
/// </summary>
public sealed record Hcl2JsonOptions : IValidatedOptions
{
    /// <summary>Environment variable that overrides the node executable (e.g. tools/emulators' node 22).</summary>
    public const string NodeEnvironmentVariable = "LIFESTREAM_NODE";

    /// <summary>Node executable; a bare name is looked up on PATH.</summary>
    public required string NodeExecutable { get; init; }

    /// <summary>Absolute path of tools/hcl2json/hcl2json.js.</summary>
    public required string ScriptPath { get; init; }

    /// <summary>Options for a repository checkout: <c>tools/hcl2json/hcl2json.js</c> under <paramref name="repositoryRoot"/>.</summary>
    public static Hcl2JsonOptions ForRepository(string repositoryRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryRoot);
        var node = Environment.GetEnvironmentVariable(NodeEnvironmentVariable);
        return new Hcl2JsonOptions
        {
            NodeExecutable = string.IsNullOrWhiteSpace(node) ? "node" : node,
            ScriptPath = Path.Combine(repositoryRoot, "tools", "hcl2json", "hcl2json.js"),
        };
    }

    /// <summary>Every problem with these options (what is missing), each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(NodeExecutable))
        {
            problems.Add($"{nameof(NodeExecutable)} is empty; set {NodeEnvironmentVariable} or put node on PATH.");
        }

        if (!File.Exists(ScriptPath))
        {
            problems.Add($"{nameof(ScriptPath)} '{ScriptPath}' does not exist.");
            return problems;
        }

        var package = Path.Combine(Path.GetDirectoryName(ScriptPath)!, "node_modules", "@cdktf", "hcl2json", "package.json");
        if (!File.Exists(package))
        {
            problems.Add(
                $"@cdktf/hcl2json is not installed next to {ScriptPath}. Run `npm ci` in {Path.GetDirectoryName(ScriptPath)} " +
                "(./build.sh --target=Setup does it).");
        }

        return problems;
    }
}
