using System.Text.RegularExpressions;
using Lifestream.Pipeline.Chunking;

namespace Lifestream.Pipeline.Summarization;

/// <summary>
/// Finds commitments and tasks by phrase: "I will / I'll / I'm going to …", "we need to / we have to / we
/// must / we should …", "action item", "to-do", "follow up", "can you / could you / please …".
/// Questions are skipped ("should we …?") since they propose rather than commit.
/// </summary>
public static partial class ActionItemExtractor
{
    public static IReadOnlyList<ActionItem> Extract(IReadOnlyList<TranscriptSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var items = new List<ActionItem>();
        foreach (var sentence in sentences)
        {
            if (sentence.Text.TrimEnd().EndsWith('?'))
            {
                continue;
            }

            var match = Cue().Match(sentence.Text);
            if (match.Success)
            {
                items.Add(new ActionItem(sentence.Text.Trim(), sentence.Speaker, sentence.Start, sentence.End, match.Value.ToLowerInvariant()));
            }
        }

        return items;
    }

    [GeneratedRegex(@"\b(action items?|to-?do|follow[- ]up|i will|i'll|i am going to|i'm going to|we will|we'll|we need to|we have to|we must|we should|you need to|let's|can you|could you|please)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cue();
}
