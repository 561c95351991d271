using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Attribution;

/// <summary>
/// Gives each word the speaker whose turns overlap it most (a word between turns goes to the nearest turn), then
/// groups consecutive words of one speaker into segments, starting a new one after a long pause.
/// </summary>
public sealed class SpeakerAttributor
{
    private readonly AttributionOptions options;

    public SpeakerAttributor(AttributionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalidArgument();
        this.options = options;
    }

    public IReadOnlyList<TranscriptSegment> Attribute(IReadOnlyList<RecognizedWord> words, IReadOnlyList<SpeakerTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(turns);
        var ordered = words.OrderBy(w => w.Start).ToList();
        var sortedTurns = turns.OrderBy(t => t.Start).ToList();
        var segments = new List<TranscriptSegment>();
        var current = new List<RecognizedWord>();
        string? currentSpeaker = null;
        foreach (var word in ordered)
        {
            var speaker = SpeakerOf(word, sortedTurns);
            var pause = current.Count > 0 ? word.Start - current[^1].End : 0;
            if (current.Count > 0 && (speaker != currentSpeaker || pause >= options.MaxPauseSeconds))
            {
                segments.Add(ToSegment(currentSpeaker!, current));
                current = [];
            }

            currentSpeaker = speaker;
            current.Add(word);
        }

        if (current.Count > 0)
        {
            segments.Add(ToSegment(currentSpeaker!, current));
        }

        return segments;
    }

    /// <summary>The speaker with the largest total overlap with the word; ties and zero overlap go to the nearest turn.</summary>
    internal string SpeakerOf(RecognizedWord word, IReadOnlyList<SpeakerTurn> turns)
    {
        if (turns.Count == 0)
        {
            return options.UnknownSpeaker;
        }

        var range = new TimeRange(word.Start, Math.Max(word.End, word.Start));
        var overlapBySpeaker = new Dictionary<string, double>();
        foreach (var turn in turns)
        {
            var overlap = range.Overlap(new TimeRange(turn.Start, turn.End));
            if (overlap > 0)
            {
                overlapBySpeaker[turn.Speaker] = overlapBySpeaker.GetValueOrDefault(turn.Speaker) + overlap;
            }
        }

        if (overlapBySpeaker.Count > 0)
        {
            return overlapBySpeaker.MaxBy(kv => kv.Value).Key;
        }

        var middle = (word.Start + word.End) / 2;
        return turns.MinBy(t => middle < t.Start ? t.Start - middle : middle > t.End ? middle - t.End : 0)!.Speaker;
    }

    private static TranscriptSegment ToSegment(string speaker, List<RecognizedWord> words)
        => new(speaker, words[0].Start, words.Max(w => w.End), string.Join(' ', words.Select(w => w.Text)), words);
}
