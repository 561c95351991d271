namespace Lifestream.Core.Pipeline.Diarization;

/// <summary>
/// Distance between stretches of frames modelled as full-covariance Gaussians: the generalised likelihood ratio
/// of "one speaker" (one Gaussian for both) against "two speakers" (one each), per frame:
/// GLR(X, Y) = ½ [N log|Σ| − Nx log|Σx| − Ny log|Σy|] / N. This is the classic speaker change and clustering
/// statistic (Gish et al. 1991; the basis of BIC segmentation, Chen &amp; Gopalakrishnan 1998); full covariances
/// carry the vocal-tract shape that plain means of MFCCs lose.
/// </summary>
public static class GaussianLikelihoodRatio
{
    /// <summary>Added to each covariance's diagonal so short stretches stay invertible.</summary>
    public const double CovarianceFloor = 1e-3;

    /// <param name="frames">Feature frames.</param>
    /// <param name="spans">Each item's frames as [From, To) into <paramref name="frames"/>.</param>
    /// <param name="dimensions">Leading feature dimensions used (e.g. the static MFCCs only).</param>
    public static double[,] Matrix(float[][] frames, IReadOnlyList<(int From, int To)> spans, int dimensions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        var n = spans.Count;
        var stats = spans.Select(s => Statistics.Of(frames, s.From, s.To, dimensions)).ToArray();
        var logDets = stats.Select(s => s.LogDeterminant()).ToArray();
        var distances = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var j = i + 1; j < n; j++)
            {
                var merged = Statistics.Merge(stats[i], stats[j]);
                var total = merged.Count;
                var glr = total <= 0 ? 0 : 0.5 * ((total * merged.LogDeterminant()) - (stats[i].Count * logDets[i]) - (stats[j].Count * logDets[j])) / total;
                distances[i, j] = distances[j, i] = Math.Max(0, glr);
            }
        }

        return distances;
    }

    /// <summary>Sufficient statistics of a Gaussian: count, sum, sum of outer products (upper triangle used).</summary>
    internal sealed class Statistics
    {
        private Statistics(int dimensions)
        {
            Sum = new double[dimensions];
            Squares = new double[dimensions, dimensions];
        }

        public int Count { get; private set; }

        public double[] Sum { get; }

        public double[,] Squares { get; }

        public static Statistics Of(float[][] frames, int from, int to, int dimensions)
        {
            var s = new Statistics(dimensions) { Count = Math.Max(0, to - from) };
            for (var t = from; t < to; t++)
            {
                var f = frames[t];
                for (var a = 0; a < dimensions; a++)
                {
                    s.Sum[a] += f[a];
                    for (var b = a; b < dimensions; b++)
                    {
                        s.Squares[a, b] += (double)f[a] * f[b];
                    }
                }
            }

            return s;
        }

        public static Statistics Merge(Statistics x, Statistics y)
        {
            var d = x.Sum.Length;
            var s = new Statistics(d) { Count = x.Count + y.Count };
            for (var a = 0; a < d; a++)
            {
                s.Sum[a] = x.Sum[a] + y.Sum[a];
                for (var b = a; b < d; b++)
                {
                    s.Squares[a, b] = x.Squares[a, b] + y.Squares[a, b];
                }
            }

            return s;
        }

        /// <summary>log |Σ + floor·I| by Cholesky; 0 for an empty item.</summary>
        public double LogDeterminant()
        {
            if (Count == 0)
            {
                return 0;
            }

            var d = Sum.Length;
            var c = new double[d, d];
            for (var a = 0; a < d; a++)
            {
                for (var b = a; b < d; b++)
                {
                    var covariance = (Squares[a, b] / Count) - (Sum[a] / Count * (Sum[b] / Count));
                    c[a, b] = c[b, a] = covariance + (a == b ? CovarianceFloor : 0);
                }
            }

            double logDet = 0;
            for (var j = 0; j < d; j++)
            {
                var diagonal = c[j, j];
                for (var k = 0; k < j; k++)
                {
                    diagonal -= c[j, k] * c[j, k];
                }

                diagonal = Math.Sqrt(Math.Max(diagonal, 1e-12));
                c[j, j] = diagonal;
                logDet += 2 * Math.Log(diagonal);
                for (var i = j + 1; i < d; i++)
                {
                    var value = c[i, j];
                    for (var k = 0; k < j; k++)
                    {
                        value -= c[i, k] * c[j, k];
                    }

                    c[i, j] = value / diagonal;
                }
            }

            return logDet;
        }
    }
}
