using System.Text.RegularExpressions;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>
/// Exceptions are placed by one rule: each is named for its failure (…Exception), is a top-level type alone in a
/// file named after it, in the folder (and namespace) of the component that throws it, not in a catch-all
/// "Exceptions" folder or next to other types.
/// </summary>
public sealed partial class ExceptionPlacementContractTests
{
    private static readonly string SourceRoot = Path.Combine(RepositoryTerraformModule.RepositoryRoot, "src");

    private static List<Type> Exceptions() =>
        [.. SourceAssemblies.Types.Where(t => typeof(Exception).IsAssignableFrom(t))];

    [Fact]
    public void The_source_assemblies_declare_exceptions()
    {
        Assert.Contains(Exceptions(), t => t.Name == "PipelineException");
    }

    [Fact]
    public void Every_exception_is_a_top_level_type_named_for_its_failure()
    {
        var offenders = Exceptions()
            .Where(t => t.IsNested || !t.Name.EndsWith("Exception", StringComparison.Ordinal) || (t.Namespace ?? "").EndsWith(".Exceptions", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_exception_lives_alone_in_a_file_named_after_it_in_its_namespaces_folder()
    {
        var offenders = new List<string>();
        foreach (var type in Exceptions().Where(t => !t.IsNested))
        {
            var expected = ExpectedPath(type);
            if (expected is null || !File.Exists(expected))
            {
                offenders.Add($"{type.FullName}: expected in {expected ?? "a project named after its namespace"}");
                continue;
            }

            var declared = TopLevelTypeDeclaration().Matches(File.ReadAllText(expected)).Select(m => m.Groups["name"].Value).ToList();
            if (declared is not [var only] || only != type.Name)
            {
                offenders.Add($"{type.FullName}: {Path.GetRelativePath(SourceRoot, expected)} declares {string.Join(", ", declared)}");
            }
        }

        Assert.Empty(offenders);
    }

    /// <summary>src/&lt;project&gt;/&lt;namespace below the project's&gt;/&lt;Name&gt;.cs; null when no project's name starts the namespace.</summary>
    private static string? ExpectedPath(Type type)
    {
        var ns = type.Namespace ?? string.Empty;
        var project = Directory.EnumerateDirectories(SourceRoot)
            .Select(Path.GetFileName)
            .Where(name => ns == name || ns.StartsWith(name + ".", StringComparison.Ordinal))
            .MaxBy(name => name!.Length);
        if (project is null)
        {
            return null;
        }

        var folders = ns.Length == project.Length ? [] : ns[(project.Length + 1)..].Split('.');
        return Path.Combine([SourceRoot, project, .. folders, type.Name + ".cs"]);
    }

    [GeneratedRegex(@"^(?:public|internal|file)\s+(?:(?:sealed|abstract|static|partial|readonly)\s+)*(?:class|record struct|record|struct|interface|enum)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelTypeDeclaration();
}
