namespace Lifestream.LocalAws.Terraform;

/// <summary>
/// How to run tools/hcl2json: the node executable and the script that prints the module as JSON.
/// </summary>
public sealed record Hcl2JsonOptions
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

    /// <summary>Throws <see cref="Hcl2JsonUnavailableException"/> naming what is missing.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeExecutable))
        {
            throw new Hcl2JsonUnavailableException($"{nameof(NodeExecutable)} is empty; set {NodeEnvironmentVariable} or put node on PATH.");
        }

        if (!File.Exists(ScriptPath))
        {
            throw new Hcl2JsonUnavailableException($"{nameof(ScriptPath)} '{ScriptPath}' does not exist.");
        }

        var package = Path.Combine(Path.GetDirectoryName(ScriptPath)!, "node_modules", "@cdktf", "hcl2json", "package.json");
        if (!File.Exists(package))
        {
            throw new Hcl2JsonUnavailableException(
                $"@cdktf/hcl2json is not installed next to {ScriptPath}. Run `npm ci` in {Path.GetDirectoryName(ScriptPath)} " +
                "(./build.sh --target=Setup does it).");
        }
    }
}
