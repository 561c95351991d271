using System.Security.Cryptography;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>scripts/fetch_model.sh (used by the image build) keeps a model only when its SHA-256 matches.</summary>
public sealed class FetchModelScriptTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("lifestream-fetch-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string Script => Path.Combine(RepositoryTerraformModule.RepositoryRoot, "scripts", "fetch_model.sh");

    [SkippableFact]
    public async Task A_matching_download_is_kept()
    {
        Skip.IfNot(ToolProcess.IsOnPath("curl"), "curl is not on PATH.");
        var (url, sha) = await WriteSourceAsync("model bytes");
        var dest = Path.Combine(dir, "out", "model.bin");

        var result = await ToolProcess.RunAsync("bash", [Script, url, sha, dest], dir);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("model bytes", await File.ReadAllTextAsync(dest));
        Assert.False(File.Exists(dest + ".partial"));
    }

    [SkippableFact]
    public async Task A_mismatching_download_is_discarded_with_both_hashes_named()
    {
        Skip.IfNot(ToolProcess.IsOnPath("curl"), "curl is not on PATH.");
        var (url, actual) = await WriteSourceAsync("tampered");
        var pinned = new string('a', 64);
        var dest = Path.Combine(dir, "model.bin");

        var result = await ToolProcess.RunAsync("bash", [Script, url, pinned, dest], dir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(pinned, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(actual, result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(dest));
        Assert.False(File.Exists(dest + ".partial"));
    }

    [Fact]
    public async Task A_malformed_pin_is_rejected_before_downloading()
    {
        var result = await ToolProcess.RunAsync("bash", [Script, "file:///nonexistent", "not-a-sha", Path.Combine(dir, "m")], dir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("64 lowercase hex", result.StandardError, StringComparison.Ordinal);
    }

    private async Task<(string Url, string Sha256)> WriteSourceAsync(string content)
    {
        var source = Path.Combine(dir, "source.bin");
        await File.WriteAllTextAsync(source, content);
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(source)));
        return (new Uri(source).AbsoluteUri, sha);
    }
}
