using CsCheck;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Unit.Pipeline.Chunking;

public class ChunkingPropertyTests
{
    private static readonly string[] Vocabulary =
    [
        "launch", "plan", "we", "need", "to", "measure", "the", "cost", "per", "hour", "video", "cluster", "I", "will",
        "write", "report", "Friday", "scaling", "limits", "demo", "customers", "meeting", "Monday", "supercalifragilistic",
        "1234", "ok", "😀", "naïve", "résumé",
    ];

    private static readonly Cl100kTokenCounter Tokens = new();

    /// <summary>Sentences with speakers, increasing times, random lengths; scenes cut at random times.</summary>
    private static readonly Gen<(List<TranscriptSentence> Sentences, List<Scene> Scenes, ChunkingOptions Options)> Input =
        from count in Gen.Int[1, 60]
        from specs in Gen.Select(Gen.Int[1, 3], Gen.Int[1, 40], Gen.Double[0.1, 6.0], Gen.Int[0, 10000]).List[count, count]
        from budget in Gen.Int[24, 300]
        from overlapPercent in Gen.Int[0, 45]
        from cutCount in Gen.Int[0, 6]
        from cuts in Gen.Double[0, 1].List[cutCount, cutCount]
        select Build(specs, budget, overlapPercent, cuts);

    [Fact]
    public void Chunks_cover_every_sentence_in_order_within_budget_with_bounded_overlap()
    {
        Input.Sample(input =>
        {
            var (sentences, scenes, options) = input;
            var chunks = new TranscriptChunker(Tokens, options).Chunk(sentences, scenes);

            // Coverage and order: no gap, no reordering, every chunk adds new sentences.
            Assert.Equal(0, chunks[0].FirstSentence);
            Assert.Equal(sentences.Count - 1, chunks[^1].LastSentence);
            Assert.Equal(0, chunks[0].OverlapSentences);
            for (var k = 1; k < chunks.Count; k++)
            {
                Assert.True(chunks[k].FirstSentence > chunks[k - 1].FirstSentence, "chunk starts must increase");
                Assert.True(chunks[k].LastSentence > chunks[k - 1].LastSentence, "every chunk must add a new sentence");
                Assert.True(chunks[k].FirstSentence <= chunks[k - 1].LastSentence + 1, "no sentence may be skipped");
                Assert.Equal(chunks[k - 1].LastSentence - chunks[k].FirstSentence + 1, chunks[k].OverlapSentences);
                if (chunks[k].OverlapSentences > 0)
                {
                    var overlapText = TranscriptChunker.Render(sentences, chunks[k].FirstSentence, chunks[k].FirstSentence + chunks[k].OverlapSentences);
                    Assert.True(Tokens.CountTokens(overlapText) <= options.OverlapTokens, "overlap over budget");
                }
            }

            foreach (var chunk in chunks)
            {
                // Budget: only a lone sentence that is itself too long may exceed it. Counts are true counts.
                Assert.Equal(Tokens.CountTokens(chunk.Text), chunk.TokenCount);
                Assert.True(chunk.TokenCount <= options.MaxTokens || chunk.FirstSentence == chunk.LastSentence, $"chunk {chunk.Index} has {chunk.TokenCount} > {options.MaxTokens} tokens");

                // Whole sentences only, and the metadata matches them.
                var members = sentences.Skip(chunk.FirstSentence).Take(chunk.LastSentence - chunk.FirstSentence + 1).ToList();
                Assert.Equal(TranscriptChunker.Render(sentences, chunk.FirstSentence, chunk.LastSentence + 1), chunk.Text);
                Assert.All(members, s => Assert.Contains(s.Text, chunk.Text, StringComparison.Ordinal));
                Assert.Equal(members.Min(s => s.Start), chunk.Start);
                Assert.Equal(members.Max(s => s.End), chunk.End);
                Assert.Equal(members.Select(s => s.Speaker).Distinct().Order(), chunk.Speakers.Order());
                Assert.All(chunk.Scenes, i => Assert.True(scenes[i - 1].Start < chunk.End + 1e-9 && scenes[i - 1].End > chunk.Start));
            }
        });
    }

    private static (List<TranscriptSentence>, List<Scene>, ChunkingOptions) Build(List<(int Speaker, int Words, double Duration, int Seed)> specs, int budget, int overlapPercent, List<double> cuts)
    {
        var sentences = new List<TranscriptSentence>();
        var time = 0.0;
        foreach (var (speaker, words, duration, seed) in specs)
        {
            var random = new Random(seed);
            var text = string.Join(' ', Enumerable.Range(0, words).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])) + ".";
            sentences.Add(new TranscriptSentence(sentences.Count, $"S{speaker}", time, time + duration, text, sentences.Count));
            time += duration + 0.2;
        }

        var boundaries = cuts.Select(c => c * time).Where(c => c > 0.01 && c < time - 0.01).Order().Distinct().Prepend(0).Append(time).ToList();
        var scenes = boundaries.Zip(boundaries.Skip(1)).Select((b, i) => new Scene(i + 1, b.First, b.Second, i * 100, (i * 100) + 99)).ToList();
        var options = new ChunkingOptions { MaxTokens = budget, OverlapTokens = Math.Min(budget * overlapPercent / 100, (budget / 2) - 1) };
        return (sentences, scenes, options);
    }
}
