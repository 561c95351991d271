using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.Logging;

namespace Lifestream.Dispatcher.Lambda.Runtime;

/// <summary>One log line per sandbox about its cold start: time since process start and the JIT work done.</summary>
internal static partial class ColdStartLog
{
    public static void FirstInvocationHandled(ILogger logger)
    {
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Log(logger, sinceStart.TotalMilliseconds, JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime().TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cold start: first invocation answered {SinceStartMs:0} ms after process start; {JitMethods} methods JIT-compiled in {JitMs:0} ms")]
    private static partial void Log(ILogger logger, double sinceStartMs, long jitMethods, double jitMs);
}
