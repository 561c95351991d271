namespace Lifestream.Benchmarks.Commands.Report;

/// <summary>
/// What a reader needs next to a BenchmarkDotNet table that the table cannot say: the input, what the baseline
/// is, and what is deliberately not measured (and why).
/// </summary>
public static class SuiteNotes
{
    public static string? For(string suite) => suite switch
    {
        "SpeechStageBenchmarks" =>
            "Whisper.net (the production ASR engine) has no row: it needs a ggml Whisper model and none can be obtained on these machines, "
            + "so no Whisper figure is measured or estimated here. pocketsphinx is the only ASR engine measured.",
        "ChunkingSummarizationBenchmarks" =>
            "Input: the meeting-60s reference transcript (ref.tsv, no word timings) and its scene cuts; 20 and 120 minutes repeat that minute with "
            + "shifted times. Baseline: the reference implementation's fixed 5-minute windows over the same segments (no sentences, tokens or "
            + "boundaries), so the ratios are the price of token-budget chunking and of the extractive summary, not a speed-up.",
        "SceneDetectionBenchmarks" =>
            "Input: fixtures/meeting-60s (640x360 H.264, 1500 frames). Baseline: a bare decode of the same file, built from the frame source's "
            + "own decode arguments (same input options, stream and default decoder threads) to the null muxer. The rows in between split the "
            + "cost: ffmpeg's full-size RGB24 conversion (still to null); the frame source's ffmpeg with its stdout read in 64 KB reads and "
            + "discarded (the floor of any reader of those frames); the frame source with nothing scoring (pipe, banded OpenCV-exact resize to "
            + "PySceneDetect's working size); then the detectors. Target (issue 17): detection <= 1.2x the bare decode; where it stands and why: "
            + "[scene-detection.md](scene-detection.md#speed).",
        "SceneScoringBenchmarks" =>
            "One operation is one frame already in memory (random pixels), no ffmpeg, no pipe: the OpenCV-exact resize of a 640x360 frame to "
            + "256x144; BGR->HSV of a 256x144 working frame into new planes; the content detector on a working frame (HSV into recycled planes "
            + "and the score).",
        _ => null,
    };
}
