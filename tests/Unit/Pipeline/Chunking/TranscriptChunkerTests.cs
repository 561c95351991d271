using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Unit.Pipeline.Chunking;

public class TranscriptChunkerTests
{
    /// <summary>One token per whitespace-separated word: makes budgets easy to reason about in examples.</summary>
    private sealed class WordCounter : ITokenCounter
    {
        public string Name => "words";

        public int CountTokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private static TranscriptSentence S(int index, string speaker, double start, int words) =>
        new(index, speaker, start, start + 1, string.Join(' ', Enumerable.Repeat("w", words - 1).Append("end.")), index);

    [Fact]
    public void A_full_chunk_ends_at_the_scene_change_rather_than_mid_scene()
    {
        // "S1:" counts as one word. Sentences of 5 words; scenes change before sentence 3.
        var sentences = Enumerable.Range(0, 6).Select(i => S(i, "S1", i * 2, 5)).ToList();
        Scene[] scenes = [new(1, 0, 5.5, 0, 1), new(2, 5.5, 20, 2, 3)];
        var chunker = new TranscriptChunker(new WordCounter(), new ChunkingOptions { MaxTokens = 20, OverlapTokens = 0, MinFillRatio = 0.5 });

        var chunks = chunker.Chunk(sentences, scenes);

        Assert.Equal((0, 2), (chunks[0].FirstSentence, chunks[0].LastSentence));
        Assert.Equal([1], chunks[0].Scenes);
        Assert.Equal([2], chunks[1].Scenes);
        Assert.Equal(3, chunks[1].FirstSentence);
    }

    [Fact]
    public void A_full_chunk_prefers_a_speaker_change_to_a_plain_sentence_end()
    {
        string[] speakers = ["S1", "S1", "S2", "S2", "S2"];
        var sentences = speakers.Select((sp, i) => S(i, sp, i * 2, 5)).ToList();
        var chunker = new TranscriptChunker(new WordCounter(), new ChunkingOptions { MaxTokens = 18, OverlapTokens = 0 });

        var chunks = chunker.Chunk(sentences, []);

        Assert.Equal(1, chunks[0].LastSentence);
        Assert.Equal(["S1"], chunks[0].Speakers);
        Assert.Equal(["S2"], chunks[1].Speakers);
    }

    [Fact]
    public void The_next_chunk_repeats_trailing_sentences_within_the_overlap_budget()
    {
        var sentences = Enumerable.Range(0, 8).Select(i => S(i, "S1", i * 2, 4)).ToList();
        var chunker = new TranscriptChunker(new WordCounter(), new ChunkingOptions { MaxTokens = 17, OverlapTokens = 5 });

        var chunks = chunker.Chunk(sentences, []);

        Assert.Equal(3, chunks[0].LastSentence);
        Assert.Equal((3, 1), (chunks[1].FirstSentence, chunks[1].OverlapSentences));
    }

    [Fact]
    public void A_sentence_longer_than_the_budget_is_kept_whole_in_its_own_chunk()
    {
        TranscriptSentence[] sentences = [S(0, "S1", 0, 3), S(1, "S1", 2, 50), S(2, "S1", 4, 3)];
        var chunker = new TranscriptChunker(new WordCounter(), new ChunkingOptions { MaxTokens = 20, OverlapTokens = 4 });

        var chunks = chunker.Chunk(sentences, []);

        var big = Assert.Single(chunks, c => c.TokenCount > 20);
        Assert.Equal((1, 1), (big.FirstSentence, big.LastSentence));
        Assert.Equal(2, chunks[^1].LastSentence);
    }

    [Fact]
    public void Text_has_one_line_per_speaker_run()
    {
        TranscriptSentence[] sentences = [S(0, "S1", 0, 2), S(1, "S1", 1, 2), S(2, "S2", 2, 2)];

        Assert.Equal("S1: w end. w end.\nS2: w end.", TranscriptChunker.Render(sentences, 0, 3));
    }

    [Fact]
    public void No_sentences_means_no_chunks()
    {
        Assert.Empty(new TranscriptChunker(new WordCounter()).Chunk([], []));
    }

    [Theory]
    [InlineData(8, 0, "MaxTokens")]
    [InlineData(100, 50, "OverlapTokens")]
    [InlineData(100, -1, "OverlapTokens")]
    public void Invalid_options_name_the_setting(int max, int overlap, string setting)
    {
        var ex = Assert.Throws<ArgumentException>(() => new TranscriptChunker(new WordCounter(), new ChunkingOptions { MaxTokens = max, OverlapTokens = overlap }));

        Assert.Contains("ChunkingOptions." + setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cl100k_counts_tokens_offline()
    {
        var counter = new Cl100kTokenCounter();

        Assert.Equal("cl100k_base", counter.Name);
        Assert.Equal(2, counter.CountTokens("hello world"));
    }
}
