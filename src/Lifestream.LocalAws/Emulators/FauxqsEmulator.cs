namespace Lifestream.LocalAws.Emulators;

/// <summary>fauxqs 2.4.1 (S3 + SQS) on Node 22, bound to loopback by our launcher script.</summary>
public static class FauxqsEmulator
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public static async Task<RunningEmulator> StartAsync(EmulatorInstallation installation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installation);
        var port = FreePort.Next();
        var env = new Dictionary<string, string>
        {
            ["FAUXQS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FAUXQS_LOGGER"] = "false",
            ["FAUXQS_DEFAULT_REGION"] = LocalAwsDefaults.Region,
            ["NODE_NO_WARNINGS"] = "1",
        };
        var process = ManagedProcess.Start("fauxqs", installation.NodePath, [installation.FauxqsLauncher], installation.Directory, env);
        var endpoint = new Uri($"http://127.0.0.1:{port}");
        try
        {
            await HealthProbe.WaitAsync(new Uri(endpoint, "/health"), r => r.IsSuccessStatusCode, process, StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new RunningEmulator("fauxqs", endpoint, process);
    }
}
