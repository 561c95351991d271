using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>
/// The repository's terraform/ module parsed once per test run through tools/hcl2json (node + @cdktf/hcl2json).
/// Missing tooling fails the contract tests with instructions: CI installs it, so it must not silently skip.
/// </summary>
internal static class RepositoryTerraformModule
{
    private static readonly Lazy<Task<TerraformModule>> Module = new(LoadAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<TerraformModule> GetAsync() => Module.Value;

    public static string RepositoryRoot { get; } = RepositoryPaths.FindRepositoryRoot();

    private static async Task<TerraformModule> LoadAsync()
    {
        try
        {
            return await TerraformModule.LoadAsync(
                RepositoryPaths.TerraformModuleDirectory(RepositoryRoot),
                Hcl2JsonOptions.ForRepository(RepositoryRoot),
                CancellationToken.None);
        }
        catch (Hcl2JsonUnavailableException ex)
        {
            throw new InvalidOperationException(
                "The Terraform contract tests parse terraform/ with node and @cdktf/hcl2json, which are not available: " +
                ex.Message + " Install Node.js (>= 18) and run `npm ci` in tools/hcl2json (./build.sh --target=Setup does both).",
                ex);
        }
    }
}
