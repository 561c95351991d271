namespace Lifestream.Tests;

/// <summary>Locates the checkout (the folder holding Lifestream.slnx) from the test binaries.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Fixtures => Path.Combine(Root, "fixtures");

    public static string Fixture(string name) => Path.Combine(Fixtures, name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lifestream.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Lifestream.slnx not found above {AppContext.BaseDirectory}.");
    }
}
