namespace Lifestream.Tests;

/// <summary>The checkout's fixture folders, for tests (root found by Lifestream.LocalAws).</summary>
internal static class TestFixtures
{
    private static readonly Lazy<string> RootPath = new(Lifestream.LocalAws.Terraform.RepositoryPaths.FindRepositoryRoot);

    public static string Root => RootPath.Value;

    public static string Directory => Path.Combine(Root, "fixtures");

    public static string Fixture(string name) => Path.Combine(Directory, name);
}
