using System.Text;
using Lifestream.Pipeline.Model;

namespace Lifestream.Benchmarks.Suites.Chunking;

/// <summary>
/// The reference implementation's chunking, kept here only as the benchmark baseline: transcript segments
/// grouped into fixed 5-minute windows by start time, rendered as "Speaker: text" lines. No sentence
/// splitting, no token budget, no scene or speaker boundaries.
/// </summary>
public static class FixedWindowChunker
{
    public const double WindowSeconds = 300;

    public static IReadOnlyList<string> Chunk(IReadOnlyList<TranscriptSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var chunks = new List<string>();
        var text = new StringBuilder();
        var window = -1;
        foreach (var segment in segments)
        {
            var current = (int)(segment.Start / WindowSeconds);
            if (current != window && text.Length > 0)
            {
                chunks.Add(text.ToString());
                text.Clear();
            }

            window = current;
            text.Append(segment.Speaker).Append(": ").Append(segment.Text).Append('\n');
        }

        if (text.Length > 0)
        {
            chunks.Add(text.ToString());
        }

        return chunks;
    }
}
