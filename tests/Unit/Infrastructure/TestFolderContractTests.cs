namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>
/// Unit tests mirror src/: the tests of src/Lifestream.&lt;Project&gt;/&lt;folder&gt;/X.cs are in
/// tests/Unit/&lt;Project&gt;/&lt;folder&gt;/XTests.cs, so a reader finds them by the path. The only other folders are
/// <c>Fakes/</c> (the shared in-memory doubles of Core's ports), <c>Infrastructure/</c> (contracts over the whole
/// repository: Terraform, Dockerfile, scripts, project boundaries, these rules) and, inside a mirrored folder,
/// <c>Fakes/</c> for doubles only its tests use, <c>Data/</c> for test input and <c>Golden/</c> for expected output.
/// </summary>
public sealed class TestFolderContractTests
{
    private static readonly string Root = RepositoryTerraformModule.RepositoryRoot;
    private static readonly string UnitRoot = Path.Combine(Root, "tests", "Unit");
    private static readonly string[] SharedFolders = ["Fakes", "Infrastructure"];
    private static readonly string[] LeafFolders = ["Fakes", "Data", "Golden"];

    [Fact]
    public void Every_unit_test_folder_corresponds_to_a_src_folder()
    {
        var offenders = Directory.EnumerateDirectories(UnitRoot, "*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(UnitRoot, d).Replace('\\', '/'))
            .Where(d => !IsBuildOutput(d))
            .Where(d => !IsMirrored(d))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void No_test_file_sits_at_the_root_of_the_unit_project()
    {
        Assert.Empty(Directory.EnumerateFiles(UnitRoot, "*.cs", SearchOption.TopDirectoryOnly));
    }

    [Theory]
    [InlineData("Core/Dispatching", true)]
    [InlineData("Pipeline/Scenes/Data", true)]
    [InlineData("Core/Processing/Fakes", true)]
    [InlineData("Dispatcher.Lambda/Runtime", true)]
    [InlineData("Scenes", false)]
    [InlineData("Core/NoSuchFolder", false)]
    [InlineData("Speech/Data", false)]
    public void The_mirror_rule_accepts_src_folders_and_rejects_others(string folder, bool mirrored)
    {
        Assert.Equal(mirrored, IsMirrored(folder));
    }

    private static bool IsBuildOutput(string folder) =>
        folder.Split('/')[0] is "bin" or "obj" || folder.Split('/').Any(p => p is "bin" or "obj");

    private static bool IsMirrored(string folder)
    {
        var parts = folder.Split('/');
        if (SharedFolders.Contains(parts[0], StringComparer.Ordinal))
        {
            return true;
        }

        if (LeafFolders.Contains(parts[^1], StringComparer.Ordinal))
        {
            return parts.Length > 1 && IsMirrored(string.Join('/', parts[..^1]));
        }

        return Directory.Exists(Path.Combine([Root, "src", "Lifestream." + parts[0], .. parts[1..]]));
    }
}
