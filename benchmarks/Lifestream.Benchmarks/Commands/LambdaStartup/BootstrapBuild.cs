namespace Lifestream.Benchmarks.Commands.LambdaStartup;

/// <summary>One build of the dispatcher host (assembly <c>bootstrap</c>) whose start-up is measured.</summary>
public sealed record BootstrapBuild(string Name, string Description, string Executable)
{
    /// <summary>
    /// The plain Release build (framework-dependent apphost, everything JIT-compiled): what `dotnet build`
    /// gives, and the baseline of the ratio.
    /// </summary>
    public static BootstrapBuild FrameworkDependent(string root) => new(
        "framework-dependent",
        "Release build, framework-dependent apphost, JIT only (baseline)",
        Path.Combine(root, "src", "Lifestream.Dispatcher.Lambda", "bin", "Release", "net10.0", "bootstrap"));

    /// <summary>What build.cake's LambdaPublish target ships in the Lambda zip.</summary>
    public static BootstrapBuild ReadyToRun(string root) => new(
        "lambda-publish",
        "LambdaPublish: Native AOT linux-x64 (what the Lambda zip holds)",
        Path.Combine(root, "artifacts", "lambda", "bootstrap"));

    /// <summary>An extra build to compare, given on the command line as <c>name=path/to/bootstrap</c>.</summary>
    public static BootstrapBuild Variant(string nameAndPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameAndPath);
        var separator = nameAndPath.IndexOf('=', StringComparison.Ordinal);
        return separator <= 0
            ? throw new ArgumentException($"--variant wants name=path/to/bootstrap, got '{nameAndPath}'", nameof(nameAndPath))
            : new(nameAndPath[..separator], $"variant {nameAndPath[..separator]}", Path.GetFullPath(nameAndPath[(separator + 1)..]));
    }
}
