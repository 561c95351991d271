using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Unit.Pipeline.Chunking;

public class SentenceSplitterTests
{
    private static RecognizedWord W(string text, double start, double end) => new(text, start, end, 0.9);

    [Fact]
    public void Word_timed_segments_split_at_punctuation_and_take_times_from_their_words()
    {
        var segment = new TranscriptSegment("S1", 0, 4, "Hello there. How are you?", [W("Hello", 0, 0.4), W("there.", 0.5, 1.0), W("How", 2.0, 2.2), W("are", 2.3, 2.5), W("you?", 2.6, 3.0)]);

        var sentences = SentenceSplitter.Split([segment]);

        Assert.Equal(
            [new TranscriptSentence(0, "S1", 0, 1.0, "Hello there.", 0), new TranscriptSentence(1, "S1", 2.0, 3.0, "How are you?", 0)],
            sentences);
    }

    [Fact]
    public void Unpunctuated_asr_output_splits_at_pauses()
    {
        var segment = new TranscriptSegment("S2", 0, 5, "good morning let us start", [W("good", 0, 0.3), W("morning", 0.35, 0.8), W("let", 2.0, 2.2), W("us", 2.25, 2.4), W("start", 2.45, 2.9)]);

        var sentences = SentenceSplitter.Split([segment]);

        Assert.Equal(["good morning", "let us start"], sentences.Select(s => s.Text));
    }

    [Fact]
    public void Long_unbroken_runs_are_cut_at_word_boundaries()
    {
        var words = Enumerable.Range(0, 25).Select(i => W($"w{i}", i * 0.2, (i * 0.2) + 0.15)).ToList();

        var sentences = SentenceSplitter.Split([new TranscriptSegment("S1", 0, 5, "", words)], new SentenceSplitterOptions { MaxSentenceWords = 10 });

        Assert.Equal([10, 10, 5], sentences.Select(s => s.Text.Split(' ').Length));
        Assert.Equal("w0 w1 w2 w3 w4 w5 w6 w7 w8 w9", sentences[0].Text);
    }

    [Fact]
    public void Segments_without_words_split_text_and_share_time_by_characters()
    {
        var segment = new TranscriptSegment("S3", 10, 20, "Short one. A much longer second sentence!", []);

        var sentences = SentenceSplitter.Split([segment]);

        Assert.Equal(["Short one.", "A much longer second sentence!"], sentences.Select(s => s.Text));
        Assert.Equal(10, sentences[0].Start);
        Assert.Equal(20, sentences[1].End);
        Assert.Equal(sentences[0].End, sentences[1].Start);
        Assert.InRange(sentences[0].End, 12, 13);
    }

    [Fact]
    public void Indices_run_over_the_whole_transcript()
    {
        TranscriptSegment[] segments = [new("S1", 0, 1, "One. Two.", []), new("S2", 1, 2, "Three.", [])];

        Assert.Equal([(0, 0), (1, 0), (2, 1)], SentenceSplitter.Split(segments).Select(s => (s.Index, s.SegmentIndex)));
    }
}
