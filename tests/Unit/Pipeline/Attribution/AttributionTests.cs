using Lifestream.Pipeline.Attribution;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Unit.Pipeline.Attribution;

public class AttributionTests
{
    private static readonly SpeakerAttributor Attributor = new(new AttributionOptions { MaxPauseSeconds = 1.0 });

    private static RecognizedWord W(string text, double start, double end) => new(text, start, end, 0.9);

    [Fact]
    public void Word_goes_to_the_speaker_with_the_largest_overlap()
    {
        SpeakerTurn[] turns = [new("S1", 0, 1.2), new("S2", 1.2, 3)];

        // 1.0–1.6 overlaps S1 by 0.2 s and S2 by 0.4 s.
        Assert.Equal("S2", Attributor.SpeakerOf(W("x", 1.0, 1.6), turns));
        Assert.Equal("S1", Attributor.SpeakerOf(W("x", 0.9, 1.3), turns));
    }

    [Fact]
    public void Overlap_is_summed_over_several_turns_of_one_speaker()
    {
        // S1 covers 0.3 s in two pieces, S2 covers 0.25 s in one.
        SpeakerTurn[] turns = [new("S1", 0, 1.15), new("S2", 1.15, 1.4), new("S1", 1.4, 1.55)];

        Assert.Equal("S1", Attributor.SpeakerOf(W("x", 1.0, 1.55), turns));
    }

    [Fact]
    public void Word_outside_every_turn_goes_to_the_nearest_turn()
    {
        SpeakerTurn[] turns = [new("S1", 0, 1), new("S2", 5, 6)];

        Assert.Equal("S1", Attributor.SpeakerOf(W("x", 1.5, 1.8), turns));
        Assert.Equal("S2", Attributor.SpeakerOf(W("x", 4.0, 4.5), turns));
    }

    [Fact]
    public void Segments_split_on_speaker_change_and_long_pause()
    {
        SpeakerTurn[] turns = [new("S1", 0, 2), new("S2", 2, 4), new("S1", 4, 10)];
        RecognizedWord[] words =
        [
            W("hello", 0.1, 0.5), W("there", 0.6, 1.0),
            W("hi", 2.1, 2.4),
            W("so", 4.2, 4.5), W("anyway", 4.6, 5.0),
            W("later", 6.5, 7.0), // 1.5 s pause: new segment, same speaker
        ];

        var segments = Attributor.Attribute(words, turns);

        Assert.Equal(["S1", "S2", "S1", "S1"], segments.Select(s => s.Speaker));
        Assert.Equal(["hello there", "hi", "so anyway", "later"], segments.Select(s => s.Text));
        Assert.Equal((0.1, 1.0), (segments[0].Start, segments[0].End));
        Assert.Equal(2, segments[2].Words.Count);
    }

    [Fact]
    public void Without_turns_every_word_gets_the_unknown_speaker()
    {
        var attributor = new SpeakerAttributor(new AttributionOptions { UnknownSpeaker = "S?" });

        var segments = attributor.Attribute([W("a", 0, 0.2), W("b", 0.3, 0.5)], []);

        Assert.Equal("S?", Assert.Single(segments).Speaker);
    }

    [Fact]
    public void Unordered_words_are_sorted_by_time()
    {
        var segments = Attributor.Attribute([W("second", 1, 1.2), W("first", 0, 0.2)], [new SpeakerTurn("S1", 0, 2)]);

        Assert.Equal("first second", Assert.Single(segments).Text);
    }

    [Fact]
    public void Invalid_pause_setting_is_rejected_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SpeakerAttributor(new AttributionOptions { MaxPauseSeconds = 0 }));

        Assert.Contains("MaxPauseSeconds", ex.Message, StringComparison.Ordinal);
    }
}
