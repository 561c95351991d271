using System.Text;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Chunking;

/// <summary>
/// Packs sentences into chunks under <see cref="ChunkingOptions.MaxTokens"/>, never splitting a sentence.
/// A full chunk ends at the strongest nearby boundary — scene change beats speaker change beats a plain
/// sentence end — so chunks follow the video's structure; the next chunk repeats up to
/// <see cref="ChunkingOptions.OverlapTokens"/> of trailing sentences and always adds at least one new one.
/// </summary>
public sealed class TranscriptChunker
{
    private readonly ChunkingOptions options;
    private readonly ITokenCounter tokens;

    public TranscriptChunker(ITokenCounter tokens, ChunkingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        this.options = options ?? new ChunkingOptions();
        this.options.ThrowIfInvalidArgument();
        this.tokens = tokens;
    }

    public ChunkingOptions Options => this.options;

    public string TokenizerName => this.tokens.Name;

    public IReadOnlyList<TranscriptChunk> Chunk(IReadOnlyList<TranscriptSentence> sentences, IReadOnlyList<Scene> scenes)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(scenes);
        var chunks = new List<TranscriptChunk>();
        var start = 0;
        var overlap = 0;
        while (start < sentences.Count)
        {
            var newFrom = start + overlap; // first sentence not in the previous chunk
            var end = newFrom + 1;          // exclusive; at least one new sentence
            while (end < sentences.Count && Count(sentences, start, end + 1) <= this.options.MaxTokens)
            {
                end++;
            }

            if (end < sentences.Count)
            {
                end = StrongestBoundary(sentences, scenes, start, newFrom + 1, end);
            }

            chunks.Add(Build(chunks.Count, sentences, scenes, start, end, overlap));
            if (end >= sentences.Count)
            {
                break;
            }

            (start, overlap) = NextStart(sentences, start, end);
        }

        return chunks;
    }

    /// <summary>Renders sentences [from, to) as "Speaker: text" lines, one per speaker run.</summary>
    public static string Render(IReadOnlyList<TranscriptSentence> sentences, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var text = new StringBuilder();
        for (var i = from; i < to; i++)
        {
            if (i == from || sentences[i].Speaker != sentences[i - 1].Speaker)
            {
                if (i != from)
                {
                    text.Append('\n');
                }

                text.Append(sentences[i].Speaker).Append(':');
            }

            text.Append(' ').Append(sentences[i].Text);
        }

        return text.ToString();
    }

    private int Count(IReadOnlyList<TranscriptSentence> sentences, int from, int to) => this.tokens.CountTokens(Render(sentences, from, to));

    /// <summary>Picks the end (exclusive) among [minEnd, maxEnd] with the strongest boundary, latest on ties.</summary>
    private int StrongestBoundary(IReadOnlyList<TranscriptSentence> sentences, IReadOnlyList<Scene> scenes, int start, int minEnd, int maxEnd)
    {
        var best = maxEnd;
        var bestScore = BoundaryScore(sentences, scenes, maxEnd);
        var minTokens = this.options.MinFillRatio * this.options.MaxTokens;
        for (var end = maxEnd - 1; end >= minEnd; end--)
        {
            if (Count(sentences, start, end) < minTokens)
            {
                break;
            }

            var score = BoundaryScore(sentences, scenes, end);
            if (score > bestScore)
            {
                best = end;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>Strength of the boundary before sentence <paramref name="next"/>: scene change 2, speaker change 1.</summary>
    private static int BoundaryScore(IReadOnlyList<TranscriptSentence> sentences, IReadOnlyList<Scene> scenes, int next)
    {
        var before = sentences[next - 1];
        var after = sentences[next];
        var score = 0;
        if (SceneAt(scenes, Midpoint(before)) != SceneAt(scenes, Midpoint(after)))
        {
            score += 2;
        }

        if (before.Speaker != after.Speaker)
        {
            score += 1;
        }

        return score;
    }

    /// <summary>Trailing whole sentences within the overlap budget, leaving room for at least one new sentence.</summary>
    private (int Start, int Overlap) NextStart(IReadOnlyList<TranscriptSentence> sentences, int start, int end)
    {
        var next = end;
        while (next - 1 > start && Count(sentences, next - 1, end) <= this.options.OverlapTokens)
        {
            next--;
        }

        while (next < end && Count(sentences, next, end + 1) > this.options.MaxTokens)
        {
            next++;
        }

        return (next, end - next);
    }

    private TranscriptChunk Build(int index, IReadOnlyList<TranscriptSentence> sentences, IReadOnlyList<Scene> scenes, int from, int to, int overlap)
    {
        var text = Render(sentences, from, to);
        var startTime = sentences[from].Start;
        var endTime = Enumerable.Range(from, to - from).Max(i => sentences[i].End);
        var speakers = Enumerable.Range(from, to - from).Select(i => sentences[i].Speaker).Distinct(StringComparer.Ordinal).ToList();
        var sceneIndices = scenes.Where(s => s.Start < Math.Max(endTime, startTime + 1e-9) && s.End > startTime).Select(s => s.Index).ToList();
        return new TranscriptChunk(index, startTime, endTime, speakers, sceneIndices, from, to - 1, overlap, this.tokens.CountTokens(text), text);
    }

    private static double Midpoint(TranscriptSentence sentence) => (sentence.Start + sentence.End) / 2;

    private static int SceneAt(IReadOnlyList<Scene> scenes, double time)
    {
        foreach (var scene in scenes)
        {
            if (time >= scene.Start && time < scene.End)
            {
                return scene.Index;
            }
        }

        return 0;
    }
}
