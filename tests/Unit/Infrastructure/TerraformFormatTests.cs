namespace Lifestream.Tests.Unit.Infrastructure;

public sealed class TerraformFormatTests
{
    [SkippableFact]
    public async Task Module_is_terraform_fmt_clean()
    {
        Skip.IfNot(ToolProcess.IsOnPath("terraform"), "terraform is not on PATH; CI machines have it (only fmt runs: providers cannot be downloaded, so validate/plan cannot).");

        var result = await ToolProcess.RunAsync(
            "terraform",
            ["fmt", "-check", "-recursive", "-diff", "-no-color"],
            Path.Combine(RepositoryTerraformModule.RepositoryRoot, "terraform"),
            // No user CLI config here; keep terraform from reaching for one.
            new Dictionary<string, string> { ["TF_CLI_CONFIG_FILE"] = "/dev/null", ["CHECKPOINT_DISABLE"] = "1" });

        Assert.True(result.ExitCode == 0, $"terraform fmt -check failed (run `terraform fmt -recursive terraform`):\n{result.Output}");
    }
}
