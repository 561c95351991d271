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
        _ => null,
    };
}
