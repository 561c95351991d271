using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Lifestream.Api;
using Lifestream.Cli.Local;
using Lifestream.LocalAws.Deployment;
using Microsoft.Extensions.Logging;

namespace Lifestream.Cli.Commands;

/// <summary>`lifestream local up|down`: the whole AWS flow on this machine.</summary>
public static class LocalCommands
{
    public static Command Create()
    {
        var local = new Command("local", "Run the AWS flow locally: emulated S3/SQS/DynamoDB, the dispatcher and processor tasks as local processes.");
        local.Subcommands.Add(Up());
        local.Subcommands.Add(Down());
        return local;
    }

    private static Command Up()
    {
        var detach = new Option<bool>("--detach") { Description = "Start in the background and return once the stack is ready (logs: .lifestream/local.log)." };
        var env = new Option<string>("--env") { Description = "Terraform env name the resource names derive from.", DefaultValueFactory = _ => "local" };
        var apiPort = new Option<int>("--api-port") { Description = "Port of the upload API on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => LocalApi.DefaultPort };
        var auth = new Option<bool>("--auth") { Description = $"Require bearer JWTs on the API ({ApiSettings.JwtIssuerVariable}, {ApiSettings.JwtAudienceVariable}, optionally {ApiSettings.JwtSigningKeysFileVariable}); off by default on loopback." };
        var site = new Option<string?>("--site") { Description = $"Static web app the API serves on its own origin (default: {ApiSettings.SiteRootVariable} if set, else the web app built next to the CLI)." };
        var up = new Command("up", "Start the emulators, create the resources the Terraform module describes, run the queue worker and the upload API.") { detach, env, apiPort, auth, site };
        up.SetAction(async (parse, cancellationToken) =>
        {
            if (LocalStackState.TryRead() is { } existing && Lifestream.LocalAws.Emulators.ProcessTree.IsAlive(existing.Pid))
            {
                throw new CliException($"A local stack is already running (pid {existing.Pid}); stop it with: lifestream local down");
            }

            var api = new LocalApiOptions(parse.GetValue(apiPort), parse.GetValue(auth), LocalApi.SiteRoot(parse.GetValue(site)));
            return parse.GetValue(detach)
                ? await StartDetachedAsync(parse.GetValue(env)!, api, cancellationToken)
                : await RunForegroundAsync(parse.GetValue(env)!, api, cancellationToken);
        });
        return up;
    }

    private static Command Down()
    {
        var down = new Command("down", "Stop the local stack (running tasks get SIGTERM first, as ECS does).");
        down.SetAction(async (_, cancellationToken) =>
        {
            var state = LocalStackState.TryRead();
            if (state is null || !Lifestream.LocalAws.Emulators.ProcessTree.IsAlive(state.Pid))
            {
                LocalStackState.Delete();
                Console.WriteLine("No local stack is running.");
                return 0;
            }

            using (var kill = Process.Start("kill", ["-TERM", state.Pid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(cancellationToken);
            }

            var until = DateTime.UtcNow.AddSeconds(60);
            while (Lifestream.LocalAws.Emulators.ProcessTree.IsAlive(state.Pid) && DateTime.UtcNow < until)
            {
                await Task.Delay(200, cancellationToken);
            }

            if (Lifestream.LocalAws.Emulators.ProcessTree.IsAlive(state.Pid))
            {
                throw new CliException($"The local stack (pid {state.Pid}) did not stop within 60 s.");
            }

            LocalStackState.Delete();
            Console.WriteLine("Local stack stopped.");
            return 0;
        });
        return down;
    }

    private static async Task<int> RunForegroundAsync(string envName, LocalApiOptions apiOptions, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        var processor = LocalDeploymentOptions.ProcessorNextToApp()
            ?? throw new CliException($"Lifestream.Processor.Ecs.dll is not next to {AppContext.BaseDirectory}; build the solution first.");
        var workDir = Path.Combine(Path.GetTempPath(), $"lifestream-{envName}");
        Console.WriteLine("Starting emulators and provisioning resources from terraform/ …");
        await using var deployment = await LocalDeployment.StartAsync(
            new LocalDeploymentOptions { EnvName = envName, ProcessorCommand = processor, ProcessorWorkDir = workDir, TaskOutput = Console.WriteLine },
            loggers,
            stop.Token);
        var endpoints = deployment.Stack.Endpoints;
        var apiSettings = LocalApi.Settings(deployment, apiOptions.Auth ? ApiAuthMode.Jwt : ApiAuthMode.None, apiOptions.SiteRoot);
        var api = ApiHost.Build(apiSettings, LocalApi.Ports(deployment, apiSettings), $"http://{LocalApi.DefaultHost}:{apiOptions.Port}");
        await using (api.ConfigureAwait(false))
        {
            await api.StartAsync(stop.Token);
            var apiUrl = new Uri(api.Urls.First());
            new LocalStackState(Environment.ProcessId, envName, endpoints.S3!, endpoints.Sqs!, endpoints.DynamoDb!, workDir, apiUrl).Write();
            try
            {
                Console.WriteLine($"Local stack '{envName}' is up ({deployment.Stack.Backend}).");
                Console.WriteLine($"  S3 + SQS : {endpoints.S3}   DynamoDB: {endpoints.DynamoDb}");
                Console.WriteLine($"  bucket   : {deployment.Resources.VideosBucket.Name}   queue: {deployment.Resources.UploadsQueue.Name}");
                Console.WriteLine($"  tables   : {deployment.Resources.JobsTableName}, {deployment.Resources.IdempotencyTableName}");
                Console.WriteLine($"  API      : {apiUrl}api/v1 (auth {(apiOptions.Auth ? "on: bearer JWT" : "off, loopback only")}; OpenAPI {apiUrl}openapi/v1.json)");
                if (apiSettings.SiteRoot is not null)
                {
                    Console.WriteLine($"  web app  : {apiUrl}");
                }

                Console.WriteLine("Submit with: lifestream submit <video>   Stop with: lifestream local down (or Ctrl+C)");
                await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                LocalStackState.Delete();
                Console.WriteLine("Stopping the local stack …");
                await api.StopAsync(CancellationToken.None);
            }
        }

        return 0;
    }

    private static async Task<int> StartDetachedAsync(string envName, LocalApiOptions api, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(LocalStackState.Directory);
        var self = Environment.ProcessPath ?? throw new CliException("Cannot find the lifestream executable to start in the background.");
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            args.Add(typeof(LocalCommands).Assembly.Location);
        }

        args.AddRange(["local", "up", "--env", envName, "--api-port", api.Port.ToString(CultureInfo.InvariantCulture)]);
        if (api.Auth)
        {
            args.Add("--auth");
        }

        if (api.SiteRoot is not null)
        {
            args.AddRange(["--site", Path.GetFullPath(api.SiteRoot)]);
        }

        // setsid: the stack must survive this terminal; its own watchdogs still stop the emulators with it.
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = false };
        start.ArgumentList.Add("/bin/sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >\"$LIFESTREAM_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add(self);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["LIFESTREAM_LOG"] = LocalStackState.LogPath;
        start.Environment["LIFESTREAM_STATE_DIR"] = LocalStackState.Directory;
        LocalStackState.Delete();
        using var child = Process.Start(start) ?? throw new CliException("Could not start the background stack.");
        var until = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < until)
        {
            if (LocalStackState.TryRead() is { } state)
            {
                Console.WriteLine($"Local stack '{state.EnvName}' is up in the background (pid {state.Pid}); logs: {LocalStackState.LogPath}");
                if (state.Api is not null)
                {
                    Console.WriteLine($"  API: {state.Api}api/v1   OpenAPI: {state.Api}openapi/v1.json");
                    if (api.SiteRoot is not null)
                    {
                        Console.WriteLine($"  web app: {state.Api}");
                    }
                }
                return 0;
            }

            if (child.HasExited && !File.Exists(LocalStackState.FilePath))
            {
                await Task.Delay(500, cancellationToken);
                if (LocalStackState.TryRead() is null)
                {
                    var log = File.Exists(LocalStackState.LogPath) ? await File.ReadAllTextAsync(LocalStackState.LogPath, cancellationToken) : string.Empty;
                    throw new CliException($"The background stack did not start. Log:{Environment.NewLine}{log}");
                }
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new CliException($"The background stack was not ready within 3 minutes; see {LocalStackState.LogPath}.");
    }
}

/// <summary>How `local up` hosts the API.</summary>
internal sealed record LocalApiOptions(int Port, bool Auth, string? SiteRoot);
