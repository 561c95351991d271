using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Unit.Infrastructure;

namespace Lifestream.Tests.Unit.LocalAws.Terraform;

public sealed class Hcl2JsonRunnerTests : IDisposable
{
    private readonly string moduleDir = Directory.CreateTempSubdirectory("lifestream-tf-").FullName;

    public void Dispose() => Directory.Delete(moduleDir, recursive: true);

    [Fact]
    public async Task A_syntax_error_names_the_file()
    {
        await File.WriteAllTextAsync(Path.Combine(moduleDir, "broken.tf"), "resource \"aws_sqs_queue\" \"q\" {\n");

        var error = await Assert.ThrowsAsync<TerraformModuleException>(() =>
            TerraformModule.LoadAsync(moduleDir, Hcl2JsonOptions.ForRepository(RepositoryTerraformModule.RepositoryRoot), CancellationToken.None));

        Assert.Contains("broken.tf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocks_from_several_files_are_merged()
    {
        await File.WriteAllTextAsync(Path.Combine(moduleDir, "a.tf"), "resource \"aws_sqs_queue\" \"a\" {\n  name = \"a\"\n}\n");
        await File.WriteAllTextAsync(Path.Combine(moduleDir, "b.tf"), "resource \"aws_sqs_queue\" \"b\" {\n  name = \"b\"\n}\n");

        var module = await TerraformModule.LoadAsync(moduleDir, Hcl2JsonOptions.ForRepository(RepositoryTerraformModule.RepositoryRoot), CancellationToken.None);

        Assert.Equal(["a", "b"], module.ResourceNames("aws_sqs_queue"));
    }

    [Fact]
    public async Task A_missing_node_executable_is_reported_as_unavailable_tooling()
    {
        await File.WriteAllTextAsync(Path.Combine(moduleDir, "a.tf"), "locals {}\n");
        var options = Hcl2JsonOptions.ForRepository(RepositoryTerraformModule.RepositoryRoot) with { NodeExecutable = "/nonexistent/bin/node" };

        var error = await Assert.ThrowsAsync<Hcl2JsonUnavailableException>(() => Hcl2JsonRunner.ConvertAsync(moduleDir, options, CancellationToken.None));

        Assert.Contains("/nonexistent/bin/node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_without_installed_packages_says_to_run_npm_ci()
    {
        var script = Path.Combine(moduleDir, "hcl2json.js");
        await File.WriteAllTextAsync(script, "// no node_modules next to me\n");
        var options = new Hcl2JsonOptions { NodeExecutable = "node", ScriptPath = script };

        var error = await Assert.ThrowsAsync<Hcl2JsonUnavailableException>(() => Hcl2JsonRunner.ConvertAsync(moduleDir, options, CancellationToken.None));

        Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
    }
}
