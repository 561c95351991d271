using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Lifestream.Pipeline.Onnx;

/// <summary>
/// Every ONNX Runtime session of the pipeline is created here, so the runtime is configured once before its
/// environment exists. ONNX Runtime's Linux build carries Microsoft's 1DS telemetry: an offline SQLite store it
/// writes as <c>.ses</c> into TMPDIR, and an HTTP uploader. A task that processes uploads must leave nothing outside
/// its work directory and open no connection we did not ask for, so telemetry is switched off with
/// <c>ORT_DISABLE_TELEMETRY</c>. The runtime reads it from the native process environment when its environment is
/// created; on Unix .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach that
/// environment, hence <c>setenv</c>.
/// </summary>
internal static partial class OnnxSessions
{
    private const string DisableTelemetryVariable = "ORT_DISABLE_TELEMETRY";
    private static readonly Lazy<bool> Configured = new(Configure, LazyThreadSafetyMode.ExecutionAndPublication);

    public static InferenceSession Create(string modelPath, SessionOptions? options = null)
    {
        _ = Configured.Value;
        return options is null ? new InferenceSession(modelPath) : new InferenceSession(modelPath, options);
    }

    /// <summary>Session options, made here too: creating them loads the native runtime, which must see the setting first.</summary>
    public static SessionOptions CreateOptions()
    {
        _ = Configured.Value;
        return new SessionOptions();
    }

    private static bool Configure()
    {
        if (OperatingSystem.IsLinux() && SetEnvironmentVariable(DisableTelemetryVariable, "1", overwrite: 1) != 0)
        {
            throw new InvalidOperationException($"setenv({DisableTelemetryVariable}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        OrtEnv.Instance().DisableTelemetryEvents();
        return true;
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnvironmentVariable(string name, string value, int overwrite);
}
