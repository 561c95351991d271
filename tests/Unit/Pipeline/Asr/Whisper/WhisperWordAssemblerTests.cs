using Lifestream.Pipeline.Asr.PocketSphinx;
using Lifestream.Pipeline.Asr.Whisper;

namespace Lifestream.Tests.Unit.Pipeline.Asr.Whisper;

public class RecognizerTextTests
{
    [Fact]
    public void Whisper_tokens_join_into_words_with_times_and_mean_probability()
    {
        (string, long, long, float)[] tokens =
        [
            ("[_BEG_]", 0, 0, 1f),
            (" Hel", 10, 30, 0.8f),
            ("lo", 30, 50, 0.6f),
            (",", 50, 52, 0.9f),
            (" world", 60, 100, 0.5f),
            ("<|endoftext|>", 100, 100, 1f),
        ];

        var words = WhisperWordAssembler.Assemble(tokens, offsetSeconds: 2.0);

        Assert.Equal(2, words.Count);
        Assert.Equal("Hello,", words[0].Text);
        Assert.Equal((2.1, 2.52), (words[0].Start, words[0].End));
        Assert.Equal((0.8 + 0.6 + 0.9) / 3, words[0].Confidence, 5);
        Assert.Equal(("world", 2.6, 3.0), (words[1].Text, words[1].Start, words[1].End));
    }

    [Fact]
    public void Whisper_times_past_the_decoded_region_are_clamped_to_it()
    {
        // whisper.cpp pads every window to 30 s and its last timestamp can point past the samples it was given
        // (seen with the generated tiny model: a 25 s window whose last segment ended at 34.46 s).
        (string, long, long, float)[] tokens =
        [
            (" one", 150, 180, 0.5f),
            (" two", 190, 260, 0.5f),
            (" three", 270, 300, 0.5f),
        ];

        var words = WhisperWordAssembler.Assemble(tokens, offsetSeconds: 10.0, regionSeconds: 2.0);

        Assert.Equal([(11.5, 11.8), (11.9, 12.0), (12.0, 12.0)], words.Select(w => (w.Start, w.End)));
    }

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("read(2)", "read")]
    [InlineData("<sil>", null)]
    [InlineData("<s>", null)]
    [InlineData("[NOISE]", null)]
    [InlineData("++UH++", null)]
    public void Pocketsphinx_markers_are_removed(string raw, string? expected)
    {
        Assert.Equal(expected, PocketSphinxRecognizer.CleanWord(raw));
    }
}
