using BenchmarkDotNet.Attributes;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Summarization;

namespace Lifestream.Benchmarks.Suites.Chunking;

/// <summary>
/// The pipeline's text stages after speech: sentence splitting, token-budget chunking (cl100k_base, the
/// pipeline's defaults 768/64 with scene and speaker boundaries) and the offline extractive summary (TextRank,
/// chapters, action items). Input: the meeting-60s reference transcript and that minute repeated to 20 minutes
/// and 2 hours, to show how the stages scale (TextRank is quadratic in sentences).
/// Baseline in the same run: the reference implementation's fixed 5-minute windows over the same segments.
/// Run: ./build.sh --target=Bench --bench-filter='*ChunkingSummarization*'
/// </summary>
[MemoryDiagnoser]
public class ChunkingSummarizationBenchmarks
{
    private readonly Cl100kTokenCounter tokens = new();
    private readonly ExtractiveSummarizer summarizer = new();
    private FixtureTranscript transcript = FixtureTranscript.Load(1);
    private TranscriptChunker chunker = null!;
    private SummaryInput summaryInput = null!;
    private string fullText = string.Empty;

    [Params(1, 20, 120)]
    public int TranscriptMinutes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        transcript = FixtureTranscript.Load(TranscriptMinutes);
        chunker = new TranscriptChunker(tokens, new ChunkingOptions());
        var sentences = SentenceSplitter.Split(transcript.Segments);
        fullText = TranscriptChunker.Render(sentences, 0, sentences.Count);

        // Loads the BPE vocabulary once, outside the measurements (the pipeline pays it once per process).
        _ = tokens.CountTokens(fullText);
        summaryInput = new SummaryInput
        {
            Sentences = sentences,
            Chunks = chunker.Chunk(sentences, transcript.Scenes),
            Scenes = transcript.Scenes,
            Segments = transcript.Segments,
            DurationSeconds = transcript.DurationSeconds,
        };
    }

    [Benchmark(Baseline = true, Description = "baseline: fixed 5-minute windows (reference implementation)")]
    public int FixedWindows() => FixedWindowChunker.Chunk(transcript.Segments).Count;

    [Benchmark(Description = "sentence splitting")]
    public int SplitSentences() => SentenceSplitter.Split(transcript.Segments).Count;

    [Benchmark(Description = "cl100k token count of the whole transcript (one pass)")]
    public int CountTokens() => tokens.CountTokens(fullText);

    [Benchmark(Description = "chunking stage: sentences + token-budget chunks (cl100k, 768/64)")]
    public int ChunkTranscript() => chunker.Chunk(SentenceSplitter.Split(transcript.Segments), transcript.Scenes).Count;

    [Benchmark(Description = "summary stage: extractive (TextRank, chapters, action items)")]
    public int Summarize() => summarizer.Summarize(summaryInput).Highlights.Count;
}
