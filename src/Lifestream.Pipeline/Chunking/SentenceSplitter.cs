using System.Text.RegularExpressions;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Chunking;

/// <summary>
/// Splits transcript segments into sentences. With word timings: a sentence ends at a word ending in
/// . ! ? (or …), at a pause of <see cref="SentenceSplitterOptions.PauseSeconds"/>, or after
/// <see cref="SentenceSplitterOptions.MaxSentenceWords"/> words, and takes its times from its words.
/// Without words: the text is split at sentence punctuation and the segment's time is shared out in
/// proportion to characters. Words are never split.
/// </summary>
public static partial class SentenceSplitter
{
    public static IReadOnlyList<TranscriptSentence> Split(IReadOnlyList<TranscriptSegment> segments, SentenceSplitterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        options ??= new SentenceSplitterOptions();
        options.ThrowIfInvalidArgument();
        var sentences = new List<TranscriptSentence>();
        for (var s = 0; s < segments.Count; s++)
        {
            var segment = segments[s];
            var words = segment.Words.Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
            if (words.Count > 0)
            {
                SplitWords(segment, s, words, options, sentences);
            }
            else
            {
                SplitText(segment, s, options, sentences);
            }
        }

        return sentences;
    }

    private static void SplitWords(TranscriptSegment segment, int segmentIndex, List<RecognizedWord> words, SentenceSplitterOptions options, List<TranscriptSentence> sentences)
    {
        var first = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var last = i == words.Count - 1;
            var endsSentence = last
                || EndsWithSentenceMark(words[i].Text)
                || words[i + 1].Start - words[i].End >= options.PauseSeconds
                || i - first + 1 >= options.MaxSentenceWords;
            if (!endsSentence)
            {
                continue;
            }

            var text = string.Join(' ', words.Skip(first).Take(i - first + 1).Select(w => w.Text.Trim()));
            sentences.Add(new TranscriptSentence(sentences.Count, segment.Speaker, words[first].Start, words[i].End, text, segmentIndex));
            first = i + 1;
        }
    }

    private static void SplitText(TranscriptSegment segment, int segmentIndex, SentenceSplitterOptions options, List<TranscriptSentence> sentences)
    {
        var pieces = new List<string>();
        foreach (var sentence in SentenceBoundary().Split(segment.Text.Trim()))
        {
            // Enforce the word cap on long unpunctuated text too.
            var words = sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < words.Length; i += options.MaxSentenceWords)
            {
                pieces.Add(string.Join(' ', words.Skip(i).Take(options.MaxSentenceWords)));
            }
        }

        var totalChars = pieces.Sum(p => p.Length);
        var duration = Math.Max(0, segment.End - segment.Start);
        var consumed = 0;
        foreach (var piece in pieces)
        {
            var start = segment.Start + (totalChars == 0 ? 0 : duration * consumed / totalChars);
            consumed += piece.Length;
            var end = segment.Start + (totalChars == 0 ? duration : duration * consumed / totalChars);
            sentences.Add(new TranscriptSentence(sentences.Count, segment.Speaker, start, end, piece, segmentIndex));
        }
    }

    private static bool EndsWithSentenceMark(string word)
    {
        var trimmed = word.TrimEnd('"', '\'', ')', ']', '”', '’');
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '…';
    }

    [GeneratedRegex(@"(?<=[.!?…][""'”’)\]]?)\s+")]
    private static partial Regex SentenceBoundary();
}
