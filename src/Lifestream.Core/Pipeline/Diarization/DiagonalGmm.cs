namespace Lifestream.Core.Pipeline.Diarization;

/// <summary>
/// A diagonal-covariance Gaussian mixture fitted by EM: the per-speaker acoustic model of the resegmentation.
/// Components start from k-means (k-means++ seeding with a fixed seed, so the same input always gives the same
/// model), as scikit-learn's GaussianMixture does; EM then runs to convergence or the iteration limit.
/// </summary>
public sealed class DiagonalGmm
{
    /// <summary>Variances never fall below this share of the data's overall variance (keeps EM from collapsing on a few frames).</summary>
    public const double VarianceFloorShare = 0.01;

    /// <summary>EM stops once the mean frame log-likelihood improves by less than this (scikit-learn's tol).</summary>
    public const double ConvergenceTolerance = 1e-3;

    private const int KMeansIterations = 20;
    private const int Seed = 0;

    private readonly double[] logWeights;
    private readonly double[][] means;
    private readonly double[][] inverseVariances;
    private readonly double[] logNormalisers;

    private DiagonalGmm(double[] weights, double[][] means, double[][] variances)
    {
        this.means = means;
        logWeights = weights.Select(w => Math.Log(Math.Max(w, 1e-300))).ToArray();
        inverseVariances = variances.Select(v => v.Select(x => 1 / x).ToArray()).ToArray();
        logNormalisers = variances.Select(v => -0.5 * ((v.Length * Math.Log(2 * Math.PI)) + v.Sum(Math.Log))).ToArray();
    }

    public int Components => means.Length;

    /// <param name="frames">Training frames (all of one dimension).</param>
    /// <param name="components">Mixture size; fewer when there are few frames (at least 10 per component).</param>
    /// <param name="iterations">EM iterations.</param>
    public static DiagonalGmm Fit(IReadOnlyList<float[]> frames, int components, int iterations)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A mixture needs at least one frame.", nameof(frames));
        }

        var dimension = frames[0].Length;
        var k = Math.Clamp(Math.Min(components, frames.Count / 10), 1, Math.Max(1, components));
        var globalMean = new double[dimension];
        var globalVariance = new double[dimension];
        foreach (var f in frames)
        {
            for (var d = 0; d < dimension; d++)
            {
                globalMean[d] += f[d];
            }
        }

        for (var d = 0; d < dimension; d++)
        {
            globalMean[d] /= frames.Count;
        }

        foreach (var f in frames)
        {
            for (var d = 0; d < dimension; d++)
            {
                globalVariance[d] += (f[d] - globalMean[d]) * (f[d] - globalMean[d]);
            }
        }

        var floor = globalVariance.Select(v => Math.Max(1e-6, VarianceFloorShare * v / frames.Count)).ToArray();
        var weights = Enumerable.Repeat(1.0 / k, k).ToArray();
        var means = KMeans(frames, k);
        var variances = Enumerable.Range(0, k).Select(_ => globalVariance.Select((v, d) => Math.Max(floor[d], v / frames.Count)).ToArray()).ToArray();
        var responsibilities = new double[k];
        var previousLikelihood = double.NegativeInfinity;
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            double likelihood = 0;
            var model = new DiagonalGmm(weights, means, variances);
            var counts = new double[k];
            var sums = new double[k, dimension];
            var squares = new double[k, dimension];
            foreach (var f in frames)
            {
                model.ComponentLogLikelihoods(f, responsibilities);
                var total = LogSumExp(responsibilities);
                likelihood += total;
                for (var c = 0; c < k; c++)
                {
                    var r = Math.Exp(responsibilities[c] - total);
                    counts[c] += r;
                    for (var d = 0; d < dimension; d++)
                    {
                        sums[c, d] += r * f[d];
                        squares[c, d] += r * f[d] * f[d];
                    }
                }
            }

            for (var c = 0; c < k; c++)
            {
                if (counts[c] < 1e-6)
                {
                    continue; // an empty component keeps its previous parameters
                }

                weights[c] = counts[c] / frames.Count;
                for (var d = 0; d < dimension; d++)
                {
                    var mean = sums[c, d] / counts[c];
                    means[c][d] = mean;
                    variances[c][d] = Math.Max(floor[d], (squares[c, d] / counts[c]) - (mean * mean));
                }
            }

            if (Math.Abs(likelihood - previousLikelihood) / frames.Count < ConvergenceTolerance)
            {
                break;
            }

            previousLikelihood = likelihood;
        }

        return new DiagonalGmm(weights, means, variances);
    }

    /// <summary>k-means++ seeding then Lloyd iterations; returns the centres.</summary>
    private static double[][] KMeans(IReadOnlyList<float[]> frames, int k)
    {
        var random = new Random(Seed);
        var dimension = frames[0].Length;
        var centres = new List<double[]> { frames[random.Next(frames.Count)].Select(v => (double)v).ToArray() };
        var nearest = frames.Select(f => SquaredDistance(f, centres[0])).ToArray();
        while (centres.Count < k)
        {
            var total = nearest.Sum();
            var pick = random.NextDouble() * total;
            var chosen = 0;
            for (var acc = 0.0; chosen < frames.Count - 1; chosen++)
            {
                acc += nearest[chosen];
                if (acc >= pick)
                {
                    break;
                }
            }

            var centre = frames[chosen].Select(v => (double)v).ToArray();
            centres.Add(centre);
            for (var i = 0; i < frames.Count; i++)
            {
                nearest[i] = Math.Min(nearest[i], SquaredDistance(frames[i], centre));
            }
        }

        var assignment = new int[frames.Count];
        for (var iteration = 0; iteration < KMeansIterations; iteration++)
        {
            var moved = false;
            for (var i = 0; i < frames.Count; i++)
            {
                var best = 0;
                var bestDistance = double.PositiveInfinity;
                for (var c = 0; c < k; c++)
                {
                    var distance = SquaredDistance(frames[i], centres[c]);
                    if (distance < bestDistance)
                    {
                        bestDistance = distance;
                        best = c;
                    }
                }

                moved |= assignment[i] != best;
                assignment[i] = best;
            }

            if (!moved && iteration > 0)
            {
                break;
            }

            var sums = new double[k, dimension];
            var counts = new int[k];
            for (var i = 0; i < frames.Count; i++)
            {
                counts[assignment[i]]++;
                for (var d = 0; d < dimension; d++)
                {
                    sums[assignment[i], d] += frames[i][d];
                }
            }

            for (var c = 0; c < k; c++)
            {
                if (counts[c] == 0)
                {
                    continue;
                }

                for (var d = 0; d < dimension; d++)
                {
                    centres[c][d] = sums[c, d] / counts[c];
                }
            }
        }

        return [.. centres];
    }

    private static double SquaredDistance(float[] frame, double[] centre)
    {
        double sum = 0;
        for (var d = 0; d < centre.Length; d++)
        {
            var diff = frame[d] - centre[d];
            sum += diff * diff;
        }

        return sum;
    }

    /// <summary>log p(frame) under the mixture.</summary>
    public double LogLikelihood(float[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var scratch = new double[Components];
        ComponentLogLikelihoods(frame, scratch);
        return LogSumExp(scratch);
    }

    private void ComponentLogLikelihoods(float[] frame, double[] output)
    {
        for (var c = 0; c < means.Length; c++)
        {
            var mean = means[c];
            var inverse = inverseVariances[c];
            double quadratic = 0;
            for (var d = 0; d < mean.Length; d++)
            {
                var diff = frame[d] - mean[d];
                quadratic += diff * diff * inverse[d];
            }

            output[c] = logWeights[c] + logNormalisers[c] - (0.5 * quadratic);
        }
    }

    private static double LogSumExp(double[] values)
    {
        var max = values.Max();
        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        double sum = 0;
        foreach (var v in values)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }
}
