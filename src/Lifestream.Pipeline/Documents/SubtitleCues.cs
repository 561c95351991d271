using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Documents;

/// <summary>One subtitle cue: a speaker's words over a time span.</summary>
public sealed record SubtitleCue(string Speaker, double Start, double End, string Text);

/// <summary>
/// Cuts segments into readable cues: at most <c>maxSeconds</c> long and <c>maxChars</c> characters, split
/// at word boundaries (after a sentence end when one is inside the cue) using word timings (segments without words become one cue each).
/// </summary>
public static class SubtitleCues
{
    public const double DefaultMaxSeconds = 6.0;
    public const int DefaultMaxChars = 84;

    public static IReadOnlyList<SubtitleCue> Build(IReadOnlyList<TranscriptSegment> segments, double maxSeconds = DefaultMaxSeconds, int maxChars = DefaultMaxChars)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var cues = new List<SubtitleCue>();
        foreach (var segment in segments.OrderBy(s => s.Start))
        {
            var words = segment.Words.Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
            if (words.Count == 0)
            {
                if (!string.IsNullOrWhiteSpace(segment.Text))
                {
                    cues.Add(new SubtitleCue(segment.Speaker, segment.Start, segment.End, segment.Text.Trim()));
                }

                continue;
            }

            var first = 0;
            var length = 0;
            for (var i = 0; i < words.Count; i++)
            {
                var added = words[i].Text.Trim().Length + (i > first ? 1 : 0);
                var tooLong = i > first && (length + added > maxChars || words[i].End - words[first].Start > maxSeconds);
                if (tooLong)
                {
                    // Prefer ending the cue after the last sentence end inside it, so sentences stay together.
                    var cut = i;
                    for (var k = i - 1; k > first; k--)
                    {
                        if (words[k - 1].Text.TrimEnd().EndsWith('.') || words[k - 1].Text.TrimEnd().EndsWith('?') || words[k - 1].Text.TrimEnd().EndsWith('!'))
                        {
                            cut = k;
                            break;
                        }
                    }

                    cues.Add(Cue(segment.Speaker, words, first, cut));
                    first = cut;
                    length = string.Join(' ', words.Skip(cut).Take(i - cut + 1).Select(w => w.Text.Trim())).Length;
                    continue;
                }

                length += added;
            }

            cues.Add(Cue(segment.Speaker, words, first, words.Count));
        }

        return cues;
    }

    private static SubtitleCue Cue(string speaker, List<RecognizedWord> words, int from, int to) =>
        new(speaker, words[from].Start, words[to - 1].End, string.Join(' ', words.Skip(from).Take(to - from).Select(w => w.Text.Trim())));
}
