using System.Text;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Documents;

/// <summary>transcript.vtt: WebVTT with voice spans (<c>&lt;v S1&gt;</c>) naming the speaker.</summary>
public static class WebVttWriter
{
    public static string Write(IReadOnlyList<TranscriptSegment> segments)
    {
        var text = new StringBuilder("WEBVTT\n");
        var n = 0;
        foreach (var cue in SubtitleCues.Build(segments))
        {
            text.Append('\n').Append(++n).Append('\n')
                .Append(TimeText.Subtitle(cue.Start, '.')).Append(" --> ").Append(TimeText.Subtitle(cue.End, '.')).Append('\n')
                .Append("<v ").Append(Escape(cue.Speaker)).Append('>').Append(Escape(cue.Text)).Append('\n');
        }

        return text.ToString();
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}

/// <summary>transcript.srt: SubRip with "S1: " speaker prefixes.</summary>
public static class SrtWriter
{
    public static string Write(IReadOnlyList<TranscriptSegment> segments)
    {
        var text = new StringBuilder();
        var n = 0;
        foreach (var cue in SubtitleCues.Build(segments))
        {
            if (n > 0)
            {
                text.Append('\n');
            }

            text.Append(++n).Append('\n')
                .Append(TimeText.Subtitle(cue.Start, ',')).Append(" --> ").Append(TimeText.Subtitle(cue.End, ',')).Append('\n')
                .Append(cue.Speaker).Append(": ").Append(cue.Text).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>diarization.rttm: NIST RTTM SPEAKER lines (file id, channel 1, onset, duration, speaker).</summary>
public static class RttmWriter
{
    public static string Write(string fileId, IReadOnlyList<SpeakerTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var id = FileId(fileId);
        var text = new StringBuilder();
        foreach (var turn in turns.OrderBy(t => t.Start).ThenBy(t => t.Speaker, StringComparer.Ordinal))
        {
            text.Append("SPEAKER ").Append(id).Append(" 1 ").Append(TimeText.Seconds(turn.Start)).Append(' ')
                .Append(TimeText.Seconds(turn.End - turn.Start)).Append(" <NA> <NA> ").Append(turn.Speaker).Append(" <NA> <NA>\n");
        }

        return text.ToString();
    }

    /// <summary>RTTM fields are space-separated: the id is the file name without extension, whitespace replaced.</summary>
    public static string FileId(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name ?? "");
        var cleaned = new string(stem.Select(c => char.IsWhiteSpace(c) ? '_' : c).ToArray());
        return cleaned.Length == 0 ? "media" : cleaned;
    }
}
