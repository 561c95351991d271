namespace Lifestream.Pipeline.Diarization;

/// <summary>Mean silhouette coefficient of a labelling (Rousseeuw 1987); items alone in their cluster score 0.</summary>
public static class Silhouette
{
    public static double Mean(double[,] distances, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(labels);
        var n = labels.Length;
        var k = labels.Max() + 1;
        if (k < 2 || n < 3)
        {
            return 0;
        }

        var sizes = new int[k];
        foreach (var label in labels)
        {
            sizes[label]++;
        }

        double total = 0;
        var sums = new double[k];
        for (var i = 0; i < n; i++)
        {
            Array.Clear(sums);
            for (var j = 0; j < n; j++)
            {
                if (j != i)
                {
                    sums[labels[j]] += distances[i, j];
                }
            }

            var own = labels[i];
            if (sizes[own] <= 1)
            {
                continue;
            }

            var a = sums[own] / (sizes[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                if (c != own && sizes[c] > 0)
                {
                    b = Math.Min(b, sums[c] / sizes[c]);
                }
            }

            var denominator = Math.Max(a, b);
            total += denominator > 0 ? (b - a) / denominator : 0;
        }

        return total / n;
    }
}
