using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Integration.Hostile;

/// <summary>One case of fixtures/hostile/cases.tsv.</summary>
internal sealed record HostileCase(string File, string Expected, string What)
{
    public override string ToString() => File;
}

/// <summary>
/// The hostile media corpus, generated once per test run by fixtures/hostile/generate.sh and cached under
/// artifacts/hostile-corpus/&lt;hash of the generator&gt;/, so an unchanged generator is not run again.
/// </summary>
internal static class HostileCorpus
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? directory;

    public static async Task<string> DirectoryAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (directory is not null)
            {
                return directory;
            }

            var root = RepositoryPaths.FindRepositoryRoot();
            var generator = Path.Combine(root, "fixtures", "hostile");
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var file in new[] { "generate.sh", "boxes.py" })
            {
                sha.AppendData(await File.ReadAllBytesAsync(Path.Combine(generator, file)));
            }

            var target = Path.Combine(root, "artifacts", "hostile-corpus", Convert.ToHexStringLower(sha.GetHashAndReset())[..16]);
            if (!File.Exists(Path.Combine(target, "cases.tsv")))
            {
                Directory.CreateDirectory(target);
                using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(generator, "generate.sh"), target]) { RedirectStandardError = true, UseShellExecute = false })!;
                var stderr = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, $"fixtures/hostile/generate.sh failed: {stderr}");
            }

            return directory = target;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<IReadOnlyList<HostileCase>> CasesAsync() =>
        [.. (await File.ReadAllLinesAsync(Path.Combine(await DirectoryAsync(), "cases.tsv")))
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(fields => new HostileCase(fields[0], fields[1], fields[2]))];

    /// <summary>A copy of one case in <paramref name="into"/>, with __CANARY__ replaced by <paramref name="canary"/>.</summary>
    public static async Task<string> MaterializeAsync(HostileCase hostile, string into, Uri canary)
    {
        var source = Path.Combine(await DirectoryAsync(), hostile.File);
        var target = Path.Combine(into, hostile.File);
        var bytes = await File.ReadAllBytesAsync(source);
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        if (text.Contains("__CANARY__", StringComparison.Ordinal))
        {
            bytes = System.Text.Encoding.Latin1.GetBytes(text.Replace("__CANARY__", canary.ToString().TrimEnd('/'), StringComparison.Ordinal));
        }

        await File.WriteAllBytesAsync(target, bytes);
        return target;
    }
}

/// <summary>A loopback TCP listener that counts every connection: any request an input makes the tools send lands here.</summary>
internal sealed class Canary : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private int connections;

    public Canary()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    public int Connections => Volatile.Read(ref connections);

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref connections);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }
}
