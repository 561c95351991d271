namespace Lifestream.Pipeline.Diarization;

/// <summary>Pairwise cosine distances (1 − cos θ, in [0, 2]) of embeddings.</summary>
public static class CosineDistanceMatrix
{
    public static double[,] Compute(IReadOnlyList<float[]> embeddings)
    {
        var n = embeddings.Count;
        var norms = embeddings.Select(e => Math.Sqrt(e.Sum(v => (double)v * v))).ToArray();
        var distances = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                double dot = 0;
                var a = embeddings[i];
                var b = embeddings[j];
                for (var d = 0; d < a.Length; d++)
                {
                    dot += (double)a[d] * b[d];
                }

                var denominator = norms[i] * norms[j];
                var distance = denominator > 0 ? 1 - (dot / denominator) : 1;
                distances[i, j] = distances[j, i] = Math.Clamp(distance, 0, 2);
            }
        }

        return distances;
    }
}
