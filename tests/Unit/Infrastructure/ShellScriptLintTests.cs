namespace Lifestream.Tests.Unit.Infrastructure;

public sealed class ShellScriptLintTests
{
    /// <summary>scripts/*.sh, fixtures/*.sh, build.sh and .ci/run — whichever exist.</summary>
    private static List<string> ShellScripts()
    {
        var root = RepositoryTerraformModule.RepositoryRoot;
        var scripts = new List<string>();
        foreach (var dir in new[] { "scripts", "fixtures" })
        {
            var path = Path.Combine(root, dir);
            if (Directory.Exists(path))
            {
                scripts.AddRange(Directory.GetFiles(path, "*.sh", SearchOption.TopDirectoryOnly));
            }
        }

        scripts.AddRange(new[] { "build.sh", Path.Combine(".ci", "run") }.Select(f => Path.Combine(root, f)).Where(File.Exists));
        return scripts.Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void The_deploy_scripts_exist_and_are_executable()
    {
        var scripts = ShellScripts().Select(Path.GetFileName).ToList();

        foreach (var expected in new[] { "build_and_push_processor_image.sh", "build_lambda_zip.sh", "deploy.sh", "fetch_model.sh" })
        {
            Assert.Contains(expected, scripts);
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(Path.Combine(RepositoryTerraformModule.RepositoryRoot, "scripts", expected));
                Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{expected} is not executable");
            }
        }
    }

    [Fact]
    public async Task The_lambda_zip_script_writes_where_terraform_reads()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var root = RepositoryTerraformModule.RepositoryRoot;
        var terraformDefault = module.Variables["dispatcher_zip_path"].Default!.GetValue<string>();
        var script = await File.ReadAllTextAsync(Path.Combine(root, "scripts", "build_lambda_zip.sh"));

        var zipFromTerraform = Path.GetRelativePath(root, Path.GetFullPath(Path.Combine(root, "terraform", terraformDefault)));
        Assert.Contains($"zip_path=\"$repo_root/{zipFromTerraform}\"", script, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Every_shell_script_passes_shellcheck()
    {
        Skip.IfNot(ToolProcess.IsOnPath("shellcheck"), "shellcheck is not on PATH (Debian package 'shellcheck'; CI installs it).");
        var scripts = ShellScripts();

        var result = await ToolProcess.RunAsync("shellcheck", ["--format=gcc", "--external-sources", .. scripts], RepositoryTerraformModule.RepositoryRoot);

        Assert.True(result.ExitCode == 0, $"shellcheck found problems in {scripts.Count} scripts:\n{result.Output}");
    }
}
