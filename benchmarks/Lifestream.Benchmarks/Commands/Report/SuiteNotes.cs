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
            "Input: fixtures/meeting-60s (640x360 H.264, 1500 frames). Baseline: a bare decode of the same file by ffmpeg with the frame "
            + "sources' input options, stream and default decoder threads, to the null muxer. Second row: the same decode inside "
            + "lifestream-frames (the default frame source's helper; nothing converted or written), the stricter floor. Then ffmpeg's "
            + "full-size RGB24 conversion (still to null); each frame source with nothing scoring (lifestream-frames through its shared-memory "
            + "ring, the default; ffmpeg's pipe, the fallback for rotated streams), both with the OpenCV-exact resize to PySceneDetect's "
            + "working size; then the detectors on the default source. Target (issue 17): detection <= 1.2x the bare decode; where it stands "
            + "and why: [scene-detection.md](scene-detection.md#speed).",
        "SceneScoringBenchmarks" =>
            "One operation is one frame already in memory (random pixels), no ffmpeg, no pipe: the OpenCV-exact resize of a 640x360 frame to "
            + "256x144; BGR->HSV of a 256x144 working frame into new planes; the content detector on a working frame (HSV into recycled planes "
            + "and the score).",
        _ => null,
    };
}
