using System.ComponentModel;
using System.Diagnostics;
using Lifestream.Core.Configuration;

namespace Lifestream.LocalAws.Terraform;

/// <summary>Runs tools/hcl2json with node and returns the module JSON it prints.</summary>
public static class Hcl2JsonRunner
{
    /// <summary>Parses every *.tf file in <paramref name="moduleDirectory"/>.</summary>
    /// <exception cref="Hcl2JsonUnavailableException">node or @cdktf/hcl2json is missing.</exception>
    /// <exception cref="TerraformModuleException">The module does not parse.</exception>
    public static async Task<string> ConvertAsync(string moduleDirectory, Hcl2JsonOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(moduleDirectory);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(problems => new Hcl2JsonUnavailableException(string.Join(" ", problems)));
        if (!Directory.Exists(moduleDirectory))
        {
            throw new TerraformModuleException($"Terraform module directory '{moduleDirectory}' does not exist.");
        }

        var startInfo = new ProcessStartInfo(options.NodeExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(options.ScriptPath)!,
        };
        startInfo.ArgumentList.Add(options.ScriptPath);
        startInfo.ArgumentList.Add(Path.GetFullPath(moduleDirectory));

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new Hcl2JsonUnavailableException(
                $"Cannot start node ('{options.NodeExecutable}'): {ex.Message}. Install Node.js >= 18 or set {Hcl2JsonOptions.NodeEnvironmentVariable}.", ex);
        }

        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var output = await stdout;
            var errors = (await stderr).Trim();
            return process.ExitCode switch
            {
                0 => output,
                1 => throw new TerraformModuleException($"Terraform module '{moduleDirectory}' does not parse: {errors}"),
                _ => throw new Hcl2JsonUnavailableException($"hcl2json failed (exit {process.ExitCode}): {errors}"),
            };
        }
        finally
        {
            // Cancellation (or a reader failure) must not leave node running.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
