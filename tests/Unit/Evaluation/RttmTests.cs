using Lifestream.Evaluation;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Unit.Evaluation;

public class RttmTests
{
    [Fact]
    public void Format_then_parse_round_trips()
    {
        SpeakerTurn[] turns = [new("S2", 3.5, 4.25), new("S1", 0.1, 2)];

        var text = Rttm.Format("clip", turns);
        var parsed = Rttm.Parse(text);

        Assert.StartsWith("SPEAKER clip 1 0.100 1.900 <NA> <NA> S1 <NA> <NA>\n", text, StringComparison.Ordinal);
        Assert.Equal([new SpeakerTurn("S1", 0.1, 2), new SpeakerTurn("S2", 3.5, 4.25)], parsed);
    }

    [Fact]
    public void Parse_skips_comments_and_other_record_types()
    {
        var parsed = Rttm.Parse(";; comment\nSPKR-INFO clip 1 <NA> <NA> <NA> unknown A <NA>\nSPEAKER clip 1 1.0 2.0 <NA> <NA> A <NA> <NA>\n\n");

        Assert.Equal(new SpeakerTurn("A", 1, 3), Assert.Single(parsed));
    }

    [Fact]
    public void Malformed_speaker_line_names_the_line()
    {
        var ex = Assert.Throws<FormatException>(() => Rttm.Parse("SPEAKER clip 1 1.0 2.0 <NA> <NA> A <NA> <NA>\nSPEAKER clip 1 abc 2.0 <NA> <NA> B <NA> <NA>"));

        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }
}
