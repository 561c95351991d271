// Processor task entry point: environment -> adapters -> ProcessorApplication -> exit code (ProcessorExitCode).
// SIGTERM/SIGINT cancel the run through the same path as the deadline; ECS allows 30 s before SIGKILL and the
// runner's bookkeeping budget (20 s) fits inside it.
using System.Collections;
using System.Runtime.InteropServices;
using Lifestream.Core.Processing;
using Lifestream.Processor.Ecs;
using Microsoft.Extensions.Logging;

using var loggerFactory = LoggerFactory.Create(logging => logging
    .SetMinimumLevel(LogLevel.Information)
    .AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.UseUtcTimestamp = true;
        console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
    }));
var logger = loggerFactory.CreateLogger("Lifestream.Processor");

using var stop = new CancellationTokenSource();
void RequestStop(PosixSignalContext context)
{
    // Keep the process alive: the runner finishes its bookkeeping and exits with Interrupted (143).
    context.Cancel = true;
    logger.LogWarning("Received {Signal}; cancelling the run.", context.Signal);
    stop.Cancel();
}

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);

var environment = Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value, StringComparer.Ordinal);

using var adapters = new AwsProcessorDependencyFactory(logger);
var exitCode = await ProcessorApplication.RunAsync(environment, adapters, logger, TimeProvider.System, stop.Token);

// Peak resident memory of the whole run (VmHWM on Linux): the operational check that memory does not grow with the video.
using (var self = System.Diagnostics.Process.GetCurrentProcess())
{
    logger.LogInformation("Processor peak working set: {PeakMiB} MiB.", self.PeakWorkingSet64 / (1024 * 1024));
}

return (int)exitCode;
