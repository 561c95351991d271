namespace Lifestream.LocalAws.Terraform;

/// <summary>Finds the repository checkout (the directory holding Lifestream.slnx) and its terraform/ module.</summary>
public static class RepositoryPaths
{
    private const string SolutionFile = "Lifestream.slnx";

    /// <summary>Walks up from the app's base directory, then from the current directory.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"No {SolutionFile} above '{AppContext.BaseDirectory}' or '{Directory.GetCurrentDirectory()}'; run from inside the Lifestream repository.");
    }

    /// <summary>The Terraform module directory, <c>terraform/</c> under the repository root.</summary>
    public static string TerraformModuleDirectory(string repositoryRoot) => Path.Combine(repositoryRoot, "terraform");
}
