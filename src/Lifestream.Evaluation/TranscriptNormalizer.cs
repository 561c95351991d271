using System.Text;

namespace Lifestream.Evaluation;

/// <summary>Scoring normalisation: lower case, punctuation removed (apostrophes inside words kept), hyphens split words.</summary>
public static class TranscriptNormalizer
{
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '’' && i > 0 && i < text.Length - 1 && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]))
            {
                builder.Append('\'');
            }
            else
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
