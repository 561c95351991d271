using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;
using Lifestream.Dispatcher.Lambda;
using Lifestream.Dispatcher.Lambda.Runtime;
using Microsoft.Extensions.Logging;

// Custom runtime (provided.al2023) entry point: wire from env, then run the Runtime API loop.
using var loggers = LoggerFactory.Create(builder => builder
    .SetMinimumLevel(LogLevel.Information)
    .AddJsonConsole(options =>
    {
        options.IncludeScopes = true;
        options.UseUtcTimestamp = true;
        options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    }));
var logger = loggers.CreateLogger("Lifestream.Dispatcher.Lambda");

var runtimeApi = Environment.GetEnvironmentVariable(LambdaRuntimeApiClient.RuntimeApiVariable);
if (string.IsNullOrWhiteSpace(runtimeApi))
{
    logger.LogCritical("{Variable} is not set: this binary runs inside AWS Lambda (or a Runtime API emulator)", LambdaRuntimeApiClient.RuntimeApiVariable);
    return 2;
}

using var runtime = new LambdaRuntimeApiClient(runtimeApi);
ILambdaHandler handler;
try
{
    handler = LambdaComposition.CreateHandler(EnvironmentReader.FromProcess(), loggers, TimeProvider.System);
}
catch (Exception ex) when (ex is DispatcherConfigurationException or ArgumentException)
{
    logger.LogCritical(ex, "Dispatcher configuration is invalid");
    await runtime.PostInitErrorAsync(LambdaError.From(ex), CancellationToken.None);
    return 1;
}

await new LambdaRuntimeLoop(runtime, handler, TimeProvider.System, logger).RunAsync(CancellationToken.None);
return 0;
