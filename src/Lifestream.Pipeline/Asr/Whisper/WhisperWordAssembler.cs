using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Asr.Whisper;

/// <summary>
/// Joins Whisper sub-word tokens into words: a token starting with a space starts a new word; special tokens
/// ("[_BEG_]", "[_TT_…]", "&lt;|…|&gt;") are dropped. Token times are in 10 ms units relative to the region.
/// Word confidence is the mean token probability.
/// </summary>
internal static class WhisperWordAssembler
{
    public static List<RecognizedWord> Assemble(IEnumerable<(string Text, long Start, long End, float Probability)> tokens, double offsetSeconds)
    {
        var words = new List<RecognizedWord>();
        string? text = null;
        long start = 0, end = 0;
        double probabilitySum = 0;
        var count = 0;

        void Flush()
        {
            var trimmed = text?.Trim();
            if (!string.IsNullOrEmpty(trimmed))
            {
                words.Add(new RecognizedWord(trimmed, Math.Round(offsetSeconds + (start / 100.0), 3), Math.Round(offsetSeconds + (Math.Max(end, start) / 100.0), 3), Math.Clamp(probabilitySum / count, 0, 1)));
            }

            text = null;
            probabilitySum = 0;
            count = 0;
        }

        foreach (var token in tokens)
        {
            if (token.Text.StartsWith("[_", StringComparison.Ordinal) || token.Text.StartsWith("<|", StringComparison.Ordinal) || token.Text.Length == 0)
            {
                continue;
            }

            if (text is null || token.Text.StartsWith(' '))
            {
                Flush();
                text = token.Text;
                start = token.Start;
            }
            else
            {
                text += token.Text;
            }

            end = token.End;
            probabilitySum += token.Probability;
            count++;
        }

        Flush();
        return words;
    }
}
