using System.Globalization;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Diarization;

/// <summary>
/// Window embeddings → average-linkage clustering → speaker count (given, or estimated by silhouette) →
/// centroid refinement (every window, including short ones left out of the clustering, moves to its nearest
/// speaker centroid) → turns.
/// </summary>
public sealed class ClusteringDiarizer : IDiarizer
{
    private const int RefinementPasses = 3;
    private readonly DiarizationOptions options;
    private readonly ISpeakerEmbedder embedder;

    public ClusteringDiarizer(DiarizationOptions options, ISpeakerEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(embedder);
        options.ThrowIfInvalidArgument();
        this.options = options;
        this.embedder = embedder;
        Engine = new EngineInfo("diarization", $"{embedder.Name}+ahc-average", "1", new Dictionary<string, string>
        {
            ["windowSeconds"] = options.WindowSeconds.ToString(CultureInfo.InvariantCulture),
            ["hopSeconds"] = options.HopSeconds.ToString(CultureInfo.InvariantCulture),
            ["numSpeakers"] = options.NumSpeakers?.ToString(CultureInfo.InvariantCulture) ?? "auto",
            ["minSpeakers"] = options.MinSpeakers.ToString(CultureInfo.InvariantCulture),
            ["maxSpeakers"] = options.MaxSpeakers.ToString(CultureInfo.InvariantCulture),
            ["minSilhouetteForSeveralSpeakers"] = options.MinSilhouetteForSeveralSpeakers.ToString(CultureInfo.InvariantCulture),
            ["minSpeakerShare"] = options.MinSpeakerShare.ToString(CultureInfo.InvariantCulture),
        });
    }

    public EngineInfo Engine { get; }

    /// <summary>Speaker count and silhouette of the last run (for reports).</summary>
    public (int Count, double Silhouette)? LastEstimate { get; private set; }

    public async Task<IReadOnlyList<SpeakerTurn>> DiarizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> speechRegions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(speechRegions);
        var regions = speechRegions.Where(r => r.Duration > 0).OrderBy(r => r.Start).ToList();
        if (regions.Count == 0)
        {
            return [];
        }

        var windows = SpeechWindows.Plan(regions, options.WindowSeconds, options.HopSeconds, options.MaxWindows);
        var embeddings = await embedder.EmbedAsync(audio, windows.Select(w => w.Range).ToList(), cancellationToken);
        var clusteredIndices = Enumerable.Range(0, windows.Count).Where(i => windows[i].Range.Duration >= options.MinClusterWindowSeconds).ToList();
        if (clusteredIndices.Count < 2)
        {
            clusteredIndices = Enumerable.Range(0, windows.Count).ToList();
        }

        var labels = await Task.Run(() => Cluster(embeddings, clusteredIndices, cancellationToken), cancellationToken);
        return TurnBuilder.Build(regions, windows, labels, mergeGapSeconds: 0.5);
    }

    private int[] Cluster(float[][] embeddings, List<int> clusteredIndices, CancellationToken cancellationToken)
    {
        var clustered = clusteredIndices.Select(i => embeddings[i]).ToList();
        var distances = CosineDistanceMatrix.Compute(clustered);
        cancellationToken.ThrowIfCancellationRequested();
        var dendrogram = AgglomerativeClustering.Build(distances);
        cancellationToken.ThrowIfCancellationRequested();
        var estimate = options.NumSpeakers is int exact
            ? SpeakerCountEstimator.Fixed(distances, dendrogram, exact)
            : SpeakerCountEstimator.Run(distances, dendrogram, options.MinSpeakers, options.MaxSpeakers, options.MinSilhouetteForSeveralSpeakers, options.MinSpeakerShare);
        LastEstimate = (estimate.Count, estimate.Silhouette);

        var labels = new int[embeddings.Length];
        for (var i = 0; i < clusteredIndices.Count; i++)
        {
            labels[clusteredIndices[i]] = estimate.Labels[i];
        }

        if (estimate.Count == 1)
        {
            return new int[embeddings.Length];
        }

        // Centroid refinement: start from the clustered labels, then let every window join its nearest centroid.
        var seed = new bool[embeddings.Length];
        foreach (var i in clusteredIndices)
        {
            seed[i] = true;
        }

        for (var pass = 0; pass < RefinementPasses; pass++)
        {
            var centroids = Centroids(embeddings, labels, estimate.Count, pass == 0 ? seed : null);
            var changed = false;
            for (var i = 0; i < embeddings.Length; i++)
            {
                var nearest = Nearest(embeddings[i], centroids);
                changed |= nearest != labels[i];
                labels[i] = nearest;
            }

            if (!changed && pass > 0)
            {
                break;
            }
        }

        return labels;
    }

    private static float[][] Centroids(float[][] embeddings, int[] labels, int count, bool[]? include)
    {
        var dimension = embeddings[0].Length;
        var centroids = Enumerable.Range(0, count).Select(_ => new float[dimension]).ToArray();
        for (var i = 0; i < embeddings.Length; i++)
        {
            if (include is not null && !include[i])
            {
                continue;
            }

            var norm = (float)Math.Sqrt(embeddings[i].Sum(v => v * v));
            for (var d = 0; d < dimension; d++)
            {
                centroids[labels[i]][d] += norm > 0 ? embeddings[i][d] / norm : 0;
            }
        }

        return centroids;
    }

    private static int Nearest(float[] embedding, float[][] centroids)
    {
        var best = 0;
        var bestSimilarity = double.NegativeInfinity;
        for (var c = 0; c < centroids.Length; c++)
        {
            double dot = 0, norm = 0;
            for (var d = 0; d < embedding.Length; d++)
            {
                dot += embedding[d] * centroids[c][d];
                norm += centroids[c][d] * centroids[c][d];
            }

            var similarity = norm > 0 ? dot / Math.Sqrt(norm) : double.NegativeInfinity;
            if (similarity > bestSimilarity)
            {
                bestSimilarity = similarity;
                best = c;
            }
        }

        return best;
    }
}
