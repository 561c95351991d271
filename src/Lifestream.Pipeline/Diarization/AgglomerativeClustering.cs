namespace Lifestream.Pipeline.Diarization;

/// <summary>
/// Average-linkage agglomerative clustering over a distance matrix, built with the nearest-neighbour-chain
/// algorithm (O(n²) time; valid because average linkage is reducible). The dendrogram can then be cut at any
/// cluster count.
/// </summary>
public sealed class AgglomerativeClustering
{
    private readonly List<(int A, int B, double Distance)> merges;

    private AgglomerativeClustering(int count, List<(int A, int B, double Distance)> merges)
    {
        Count = count;
        this.merges = merges;
    }

    /// <summary>Number of clustered items.</summary>
    public int Count { get; }

    /// <summary>Merge heights in ascending order (n − 1 of them).</summary>
    public IReadOnlyList<double> MergeDistances => merges.Select(m => m.Distance).ToList();

    public static AgglomerativeClustering Build(double[,] distances)
    {
        ArgumentNullException.ThrowIfNull(distances);
        var n = distances.GetLength(0);
        var d = (double[,])distances.Clone();
        var size = Enumerable.Repeat(1, n).ToArray();
        var active = Enumerable.Repeat(true, n).ToArray();
        var merges = new List<(int, int, double)>(Math.Max(0, n - 1));
        var chain = new List<int>();
        var remaining = n;
        while (remaining > 1)
        {
            if (chain.Count == 0)
            {
                chain.Add(Array.IndexOf(active, true));
            }

            var top = chain[^1];
            var previous = chain.Count > 1 ? chain[^2] : -1;
            var nearest = -1;
            var best = double.PositiveInfinity;
            for (var j = 0; j < n; j++)
            {
                if (!active[j] || j == top)
                {
                    continue;
                }

                // Prefer the previous chain element on ties so the chain always terminates.
                if (d[top, j] < best || (d[top, j] == best && j == previous))
                {
                    best = d[top, j];
                    nearest = j;
                }
            }

            if (nearest != previous)
            {
                chain.Add(nearest);
                continue;
            }

            // Reciprocal nearest neighbours: merge "previous" into "top" (Lance–Williams update for average linkage).
            chain.RemoveRange(chain.Count - 2, 2);
            merges.Add((top, previous, best));
            for (var j = 0; j < n; j++)
            {
                if (active[j] && j != top && j != previous)
                {
                    var merged = ((size[top] * d[top, j]) + (size[previous] * d[previous, j])) / (size[top] + size[previous]);
                    d[top, j] = d[j, top] = merged;
                }
            }

            size[top] += size[previous];
            active[previous] = false;
            remaining--;
        }

        merges.Sort((x, y) => x.Item3.CompareTo(y.Item3));
        return new AgglomerativeClustering(n, merges);
    }

    /// <summary>Labels 0..k−1 (numbered by first item) after applying the n − k closest merges.</summary>
    public int[] Cut(int clusterCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clusterCount, 1);
        var parent = Enumerable.Range(0, Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        var mergeCount = Math.Max(0, Count - Math.Min(clusterCount, Count));
        for (var m = 0; m < mergeCount; m++)
        {
            parent[Find(merges[m].B)] = Find(merges[m].A);
        }

        var labels = new int[Count];
        var numbering = new Dictionary<int, int>();
        for (var i = 0; i < Count; i++)
        {
            var root = Find(i);
            if (!numbering.TryGetValue(root, out var label))
            {
                label = numbering.Count;
                numbering[root] = label;
            }

            labels[i] = label;
        }

        return labels;
    }
}
