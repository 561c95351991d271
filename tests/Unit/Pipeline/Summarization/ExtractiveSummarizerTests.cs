using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Summarization;
using Lifestream.Tests.Unit.Pipeline.Documents;

namespace Lifestream.Tests.Unit.Pipeline.Summarization;

public class ExtractiveSummarizerTests
{
    private static SummaryInput Input(IReadOnlyList<Scene>? scenes = null, double duration = 34)
    {
        var segments = SampleOutcome.Segments();
        var sentences = SentenceSplitter.Split(segments);
        return new SummaryInput { Sentences = sentences, Chunks = [], Scenes = scenes ?? [], Segments = segments, DurationSeconds = duration };
    }

    [Fact]
    public void TextRank_ranks_the_sentence_sharing_most_content_words_highest()
    {
        string[] sentences =
        [
            "The cost of the cluster is high.",
            "We need to measure the cost of the cluster per hour.",
            "The weather is nice.",
            "Cluster cost per hour must be measured.",
        ];

        var rank = TextRank.Rank(sentences);

        Assert.Equal(1, Array.IndexOf(rank, rank.Max()));
        Assert.Equal(2, Array.IndexOf(rank, rank.Min()));
        Assert.Equal(1.0, rank.Sum(), 3);
    }

    [Fact]
    public void Summaries_are_deterministic()
    {
        var a = new ExtractiveSummarizer().Summarize(Input());
        var b = new ExtractiveSummarizer().Summarize(Input());

        Assert.Equal(a.Overview, b.Overview);
        Assert.Equal(a.Chapters, b.Chapters);
        Assert.Equal(a.Highlights, b.Highlights);
    }

    [Fact]
    public void Overview_sentences_are_transcript_sentences_in_spoken_order()
    {
        var input = Input();
        var result = new ExtractiveSummarizer().Summarize(input);

        Assert.InRange(result.Highlights.Count, 2, 10);
        Assert.All(result.Highlights, h => Assert.Contains(input.Sentences, s => s.Text == h.Text && s.Speaker == h.Speaker));
        Assert.Equal(result.Highlights.OrderBy(h => h.Start), result.Highlights);
        Assert.Equal("extractive-textrank", result.Method);
    }

    [Fact]
    public void Action_items_are_found_by_phrase_and_questions_are_skipped()
    {
        var items = new ExtractiveSummarizer().Summarize(Input()).ActionItems;

        Assert.Equal(
            [("S1", "we need to"), ("S2", "i will")],
            items.Select(i => (i.Speaker, i.Cue)));
        Assert.StartsWith("I will write the cost report", items[1].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Action item for me: check the limits.", "action item")]
    [InlineData("I'll send the notes.", "i'll")]
    [InlineData("We have to fix the build.", "we have to")]
    [InlineData("Could you book the room.", "could you")]
    public void Action_item_cues(string text, string cue)
    {
        var items = ActionItemExtractor.Extract([new TranscriptSentence(0, "S1", 0, 1, text, 0)]);

        Assert.Equal(cue, Assert.Single(items).Cue);
    }

    [Fact]
    public void Chapters_follow_scenes_cover_the_video_and_merge_short_scenes()
    {
        Scene[] scenes = [new(1, 0, 8, 0, 199), new(2, 8, 10, 200, 249), new(3, 10, 19, 250, 474), new(4, 19, 34, 475, 849)];

        var chapters = new ExtractiveSummarizer().Summarize(Input(scenes)).Chapters;

        Assert.Equal(0, chapters[0].Start);
        Assert.Equal(34, chapters[^1].End);
        Assert.All(chapters.Zip(chapters.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));
        Assert.All(chapters, c => Assert.True(c.End - c.Start >= 8));
        Assert.DoesNotContain(chapters, c => c.Start == 8 && c.End == 10);
        Assert.All(chapters, c => Assert.False(string.IsNullOrWhiteSpace(c.Title)));
    }

    [Fact]
    public void Without_scenes_chapters_are_time_windows()
    {
        var chapters = new ExtractiveSummarizer(new ExtractiveSummarizerOptions { ChapterSecondsWithoutScenes = 10, MinChapterSeconds = 5 }).Summarize(Input()).Chapters;

        // Windows 0-10, 10-20, 20-30, 30-34; the last is under 5 s and joins its neighbour.
        Assert.Equal([0.0, 10, 20], chapters.Select(c => c.Start));
        Assert.Equal(34, chapters[^1].End);
    }

    [Fact]
    public void Speakers_get_talk_time_word_counts_and_their_own_highlights()
    {
        var speakers = new ExtractiveSummarizer().Summarize(Input()).Speakers;

        Assert.Equal(["S1", "S2", "S3"], speakers.Select(s => s.Speaker));
        var s1 = speakers[0];
        Assert.Equal(2, s1.Turns);
        Assert.Equal(Math.Round((5.4 - 0.5) + (22.4 - 17.3), 3), s1.TalkSeconds);
        Assert.All(s1.Highlights, h => Assert.Equal("S1", h.Speaker));
        Assert.Equal(2, s1.Highlights.Count);
    }

    [Fact]
    public void No_speech_gives_an_empty_summary_with_a_warning()
    {
        var result = new ExtractiveSummarizer().Summarize(new SummaryInput { Sentences = [], Chunks = [], Scenes = [], Segments = [], DurationSeconds = 20 });

        Assert.Equal("", result.Overview);
        Assert.Empty(result.ActionItems);
        Assert.Single(result.Warnings);
    }
}
