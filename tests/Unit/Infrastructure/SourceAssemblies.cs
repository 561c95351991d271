using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>The assemblies built from every project under src/ (found from the project files, so a new project is covered too).</summary>
internal static class SourceAssemblies
{
    private static readonly Lazy<IReadOnlyList<Assembly>> Loaded = new(Load);

    public static IReadOnlyList<Assembly> All => Loaded.Value;

    /// <summary>Every type the source assemblies declare, without compiler-generated ones (closures, state machines, records' helpers).</summary>
    public static IEnumerable<Type> Types =>
        All.SelectMany(a => a.GetTypes()).Where(t => t.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !t.Name.Contains('<', StringComparison.Ordinal));

    private static List<Assembly> Load()
    {
        var source = Path.Combine(RepositoryTerraformModule.RepositoryRoot, "src");
        var assemblies = new List<Assembly>();
        foreach (var project in Directory.EnumerateFiles(source, "*.csproj", SearchOption.AllDirectories))
        {
            var name = XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault()
                       ?? Path.GetFileNameWithoutExtension(project);
            assemblies.Add(Assembly.Load(name));
        }

        Assert.NotEmpty(assemblies);
        return assemblies;
    }
}
