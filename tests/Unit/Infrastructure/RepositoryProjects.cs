using System.Xml.Linq;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>The repository's project files, read as MSBuild XML (what the Dockerfile and the package boundaries are checked against).</summary>
internal static class RepositoryProjects
{
    public static string Path(string name) =>
        System.IO.Path.Combine(RepositoryTerraformModule.RepositoryRoot, "src", name, name + ".csproj");

    /// <summary>The project and every project it references, directly or through others (full paths).</summary>
    public static HashSet<string> Closure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([System.IO.Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', System.IO.Path.DirectorySeparatorChar);
                pending.Push(System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(current)!, include)));
            }
        }

        return seen;
    }

    /// <summary>Project names (file names without .csproj) of <see cref="Closure"/>.</summary>
    public static HashSet<string> ClosureNames(string name) =>
        Closure(Path(name)).Select(System.IO.Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal)!;

    /// <summary>The packages the project references itself (not transitively).</summary>
    public static List<string> PackageReferences(string name) =>
        [.. XDocument.Load(Path(name)).Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value)];
}
