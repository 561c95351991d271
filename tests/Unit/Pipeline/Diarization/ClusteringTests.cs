using Lifestream.Pipeline.Diarization;

namespace Lifestream.Tests.Unit.Pipeline.Diarization;

public class ClusteringTests
{
    /// <summary>Points around <paramref name="centers"/> orthogonal unit directions with Gaussian noise.</summary>
    private static (List<float[]> Points, int[] Truth) Blobs(int centers, int perCluster, double noise, int seed, int dimension = 16)
    {
        var random = new Random(seed);
        var points = new List<float[]>();
        var truth = new List<int>();
        for (var c = 0; c < centers; c++)
        {
            for (var i = 0; i < perCluster; i++)
            {
                var p = new float[dimension];
                for (var d = 0; d < dimension; d++)
                {
                    p[d] = (float)(((d == c) ? 1.0 : 0.0) + (noise * Gaussian(random)));
                }

                points.Add(p);
                truth.Add(c);
            }
        }

        // Interleave so cluster membership is not simply index order.
        var order = Enumerable.Range(0, points.Count).OrderBy(_ => random.Next()).ToArray();
        return (order.Select(i => points[i]).ToList(), order.Select(i => truth[i]).ToArray());
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Same partition up to renaming.</summary>
    private static bool SamePartition(int[] a, int[] b)
        => a.Zip(b).Distinct().Count() == a.Distinct().Count() && a.Distinct().Count() == b.Distinct().Count();

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 4)]
    public void Estimator_finds_the_number_of_well_separated_clusters(int clusters, int seed)
    {
        var (points, truth) = Blobs(clusters, 20, 0.15, seed);
        var distances = CosineDistanceMatrix.Compute(points);
        var dendrogram = AgglomerativeClustering.Build(distances);

        var estimate = SpeakerCountEstimator.Run(distances, dendrogram, 1, 8, 0.3, 0.1);

        Assert.Equal(clusters, estimate.Count);
        Assert.True(SamePartition(truth, estimate.Labels));
    }

    [Fact]
    public void Estimator_reports_one_speaker_for_a_single_blob()
    {
        var (points, _) = Blobs(1, 40, 0.3, 7);
        var distances = CosineDistanceMatrix.Compute(points);

        var estimate = SpeakerCountEstimator.Run(distances, AgglomerativeClustering.Build(distances), 1, 8, 0.3, 0.1);

        Assert.Equal(1, estimate.Count);
        Assert.All(estimate.Labels, l => Assert.Equal(0, l));
    }

    [Fact]
    public void Estimator_respects_max_speakers()
    {
        var (points, _) = Blobs(4, 15, 0.1, 3);
        var distances = CosineDistanceMatrix.Compute(points);

        var estimate = SpeakerCountEstimator.Run(distances, AgglomerativeClustering.Build(distances), 1, 2, 0.3, 0.1);

        Assert.Equal(2, estimate.Count);
    }

    [Fact]
    public void Estimator_respects_min_speakers_even_for_one_blob()
    {
        var (points, _) = Blobs(1, 30, 0.3, 11);
        var distances = CosineDistanceMatrix.Compute(points);

        var estimate = SpeakerCountEstimator.Run(distances, AgglomerativeClustering.Build(distances), 2, 8, 0.3, 0.1);

        Assert.True(estimate.Count >= 2);
    }

    [Fact]
    public void Fixed_count_cuts_the_dendrogram_at_that_count()
    {
        var (points, truth) = Blobs(3, 10, 0.1, 5);
        var distances = CosineDistanceMatrix.Compute(points);

        var estimate = SpeakerCountEstimator.Fixed(distances, AgglomerativeClustering.Build(distances), 3);

        Assert.Equal(3, estimate.Count);
        Assert.True(SamePartition(truth, estimate.Labels));
    }

    [Fact]
    public void A_few_outliers_do_not_count_as_a_speaker()
    {
        var (points, truth) = Blobs(2, 30, 0.1, 9);

        // One odd window pointing elsewhere (a cough, say).
        var outlier = new float[16];
        outlier[10] = 1;
        points.Add(outlier);
        var distances = CosineDistanceMatrix.Compute(points);

        var estimate = SpeakerCountEstimator.Run(distances, AgglomerativeClustering.Build(distances), 1, 8, 0.3, 0.1);

        Assert.Equal(2, estimate.Count);
        Assert.True(SamePartition(truth, estimate.Labels[..truth.Length]));
    }

    [Fact]
    public void By_default_a_distinct_voice_with_under_a_fifth_of_the_windows_is_folded_into_the_nearest_speaker()
    {
        // Two speakers with 20 windows each and a distinct third with 6 of the 46 windows (13 %).
        var (major, _) = Blobs(2, 20, 0.1, 13);
        var (minor, _) = Blobs(3, 6, 0.1, 13);
        var points = major.Concat(minor.Where(p => p[2] > 0.5)).ToList();
        Assert.Equal(46, points.Count);
        var distances = CosineDistanceMatrix.Compute(points);
        var dendrogram = AgglomerativeClustering.Build(distances);
        var defaults = new DiarizationOptions();

        var byDefault = SpeakerCountEstimator.Run(distances, dendrogram, defaults.MinSpeakers, defaults.MaxSpeakers, defaults.MinSilhouetteForSeveralSpeakers, defaults.MinSpeakerShare);
        var withTenPercent = SpeakerCountEstimator.Run(distances, dendrogram, defaults.MinSpeakers, defaults.MaxSpeakers, defaults.MinSilhouetteForSeveralSpeakers, 0.1);

        Assert.Equal(2, byDefault.Count);
        Assert.Equal(3, withTenPercent.Count);
    }

    [Fact]
    public void Nearest_neighbour_chain_gives_the_same_merge_heights_as_naive_average_linkage()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var n = random.Next(2, 25);
            var points = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 5).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
            var distances = CosineDistanceMatrix.Compute(points);

            var fast = AgglomerativeClustering.Build(distances).MergeDistances;
            var naive = NaiveAverageLinkageHeights(distances);

            Assert.Equal(naive.Count, fast.Count);
            for (var i = 0; i < naive.Count; i++)
            {
                Assert.Equal(naive[i], fast[i], 9);
            }
        }
    }

    [Fact]
    public void Cut_numbers_labels_by_first_item_and_cut_at_n_gives_singletons()
    {
        var distances = new double[,] { { 0, 0.1, 0.9 }, { 0.1, 0, 0.8 }, { 0.9, 0.8, 0 } };
        var dendrogram = AgglomerativeClustering.Build(distances);

        Assert.Equal([0, 0, 1], dendrogram.Cut(2));
        Assert.Equal([0, 1, 2], dendrogram.Cut(3));
        Assert.Equal([0, 0, 0], dendrogram.Cut(1));
    }

    [Fact]
    public void Silhouette_matches_a_hand_computed_value()
    {
        // Points on a line: 0, 1 | 5, 6 with |x−y| distances.
        double[] x = [0, 1, 5, 6];
        var d = new double[4, 4];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                d[i, j] = Math.Abs(x[i] - x[j]);
            }
        }

        // Point 0: a = 1, b = (5 + 6) / 2 = 5.5 → s = 4.5 / 5.5. Point 1: a = 1, b = 4.5 → 3.5 / 4.5. Symmetric for 2, 3.
        var expected = ((4.5 / 5.5) + (3.5 / 4.5)) / 2;

        Assert.Equal(expected, Silhouette.Mean(d, [0, 0, 1, 1]), 12);
    }

    private static List<double> NaiveAverageLinkageHeights(double[,] distances)
    {
        var n = distances.GetLength(0);
        var clusters = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToList();
        var heights = new List<double>();
        while (clusters.Count > 1)
        {
            var best = double.PositiveInfinity;
            int bestA = 0, bestB = 1;
            for (var a = 0; a < clusters.Count; a++)
            {
                for (var b = a + 1; b < clusters.Count; b++)
                {
                    var average = clusters[a].SelectMany(i => clusters[b].Select(j => distances[i, j])).Average();
                    if (average < best)
                    {
                        best = average;
                        bestA = a;
                        bestB = b;
                    }
                }
            }

            heights.Add(best);
            clusters[bestA].AddRange(clusters[bestB]);
            clusters.RemoveAt(bestB);
        }

        return heights;
    }
}
