namespace Lifestream.Pipeline.Diarization;

/// <summary>
/// Chooses the number of speakers from the dendrogram. For every cut k up to the maximum, clusters holding fewer
/// than <c>minClusterFraction</c> of the windows (outliers: coughs, overlaps, noise) are folded into their nearest
/// large cluster; the resulting labelling is scored by its mean silhouette. The best-scoring speaker count in
/// [min, max] wins, unless even the best separation is weak — then one speaker is reported (if min allows it).
/// </summary>
public static class SpeakerCountEstimator
{
    public sealed record Estimate(int Count, double Silhouette, int[] Labels);

    public static Estimate Run(double[,] distances, AgglomerativeClustering dendrogram, int minSpeakers, int maxSpeakers, double minSilhouette, double minClusterFraction)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(dendrogram);
        var n = dendrogram.Count;
        var single = new Estimate(1, 0, new int[n]);
        if (n < 3)
        {
            return minSpeakers <= 1 ? single : new Estimate(Math.Min(minSpeakers, n), 0, dendrogram.Cut(minSpeakers));
        }

        Estimate? best = null;
        var minSize = Math.Max(2, (int)Math.Ceiling(minClusterFraction * n));
        var maxCut = Math.Min(n - 1, (maxSpeakers * 3) + 2);
        for (var k = 2; k <= maxCut; k++)
        {
            var labels = FoldSmallClusters(distances, dendrogram.Cut(k), minSize);
            var count = labels.Max() + 1;
            if (count < Math.Max(2, minSpeakers) || count > maxSpeakers)
            {
                continue;
            }

            var score = Silhouette.Mean(distances, labels);
            if (best is null || score > best.Silhouette + 1e-9)
            {
                best = new Estimate(count, score, labels);
            }
        }

        if (best is null || (minSpeakers <= 1 && best.Silhouette < minSilhouette))
        {
            return minSpeakers <= 1 || best is null ? single : best;
        }

        return best;
    }

    /// <summary>Exactly <paramref name="count"/> speakers (pyannote's num_speakers): the dendrogram cut, no estimation.</summary>
    public static Estimate Fixed(double[,] distances, AgglomerativeClustering dendrogram, int count)
    {
        ArgumentNullException.ThrowIfNull(dendrogram);
        var labels = dendrogram.Cut(Math.Min(count, dendrogram.Count));
        return new Estimate(labels.Max() + 1, Silhouette.Mean(distances, labels), labels);
    }

    /// <summary>Reassigns members of clusters smaller than <paramref name="minSize"/> to the large cluster with the least average distance; renumbers labels 0..m−1 by first appearance.</summary>
    internal static int[] FoldSmallClusters(double[,] distances, int[] labels, int minSize)
    {
        var sizes = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var large = sizes.Where(kv => kv.Value >= minSize).Select(kv => kv.Key).ToHashSet();
        if (large.Count == 0)
        {
            return new int[labels.Length];
        }

        var folded = (int[])labels.Clone();
        for (var i = 0; i < labels.Length; i++)
        {
            if (large.Contains(labels[i]))
            {
                continue;
            }

            var bestLabel = -1;
            var bestDistance = double.PositiveInfinity;
            foreach (var cluster in large)
            {
                double sum = 0;
                for (var j = 0; j < labels.Length; j++)
                {
                    if (labels[j] == cluster)
                    {
                        sum += distances[i, j];
                    }
                }

                var average = sum / sizes[cluster];
                if (average < bestDistance)
                {
                    bestDistance = average;
                    bestLabel = cluster;
                }
            }

            folded[i] = bestLabel;
        }

        var numbering = new Dictionary<int, int>();
        for (var i = 0; i < folded.Length; i++)
        {
            if (!numbering.TryGetValue(folded[i], out var label))
            {
                label = numbering.Count;
                numbering[folded[i]] = label;
            }

            folded[i] = label;
        }

        return folded;
    }
}
