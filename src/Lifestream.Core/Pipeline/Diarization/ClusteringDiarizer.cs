using System.Globalization;
using Lifestream.Core.Pipeline.Media;
using Lifestream.Core.Pipeline.Model;

namespace Lifestream.Core.Pipeline.Diarization;

/// <summary>
/// Speech windows → pairwise speaker distances → average-linkage clustering → speaker count (given, or estimated
/// by silhouette) → frame-level Viterbi resegmentation with per-speaker GMMs → turns.
/// The distances are the Gaussian likelihood ratio of the windows' MFCCs (<see cref="GaussianLikelihoodRatio"/>),
/// or the cosine distance of neural embeddings when an <see cref="ISpeakerEmbedder"/> is given.
/// </summary>
public sealed class ClusteringDiarizer : IDiarizer
{
    /// <summary>Consecutive turns of one speaker merge across pauses up to this long.</summary>
    public const double MergeGapSeconds = 0.5;

    private readonly DiarizationOptions options;
    private readonly ISpeakerEmbedder? embedder;

    /// <summary>MFCC likelihood-ratio distances (no model needed).</summary>
    public ClusteringDiarizer(DiarizationOptions options)
        : this(options, embedder: null, "mfcc-glr")
    {
    }

    /// <summary>Cosine distances of <paramref name="embedder"/>'s window embeddings.</summary>
    public ClusteringDiarizer(DiarizationOptions options, ISpeakerEmbedder embedder)
        : this(options, embedder ?? throw new ArgumentNullException(nameof(embedder)), embedder.Name)
    {
    }

    private ClusteringDiarizer(DiarizationOptions options, ISpeakerEmbedder? embedder, string distanceName)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.embedder = embedder;
        Engine = new EngineInfo("diarization", $"{distanceName}+ahc-average+viterbi-gmm", "2", new Dictionary<string, string>
        {
            ["windowSeconds"] = options.WindowSeconds.ToString(CultureInfo.InvariantCulture),
            ["hopSeconds"] = options.HopSeconds.ToString(CultureInfo.InvariantCulture),
            ["numSpeakers"] = options.NumSpeakers?.ToString(CultureInfo.InvariantCulture) ?? "auto",
            ["minSpeakers"] = options.MinSpeakers.ToString(CultureInfo.InvariantCulture),
            ["maxSpeakers"] = options.MaxSpeakers.ToString(CultureInfo.InvariantCulture),
            ["minSilhouetteForSeveralSpeakers"] = options.MinSilhouetteForSeveralSpeakers.ToString(CultureInfo.InvariantCulture),
            ["minSpeakerShare"] = options.MinSpeakerShare.ToString(CultureInfo.InvariantCulture),
            ["resegmentationPasses"] = options.ResegmentationPasses.ToString(CultureInfo.InvariantCulture),
            ["speakerGmmComponents"] = options.SpeakerGmmComponents.ToString(CultureInfo.InvariantCulture),
            ["speakerStayProbability"] = options.SpeakerStayProbability.ToString(CultureInfo.InvariantCulture),
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
        var frames = await Task.Run(() => SpeechFeatureFrames.Extract(audio, regions, cancellationToken), cancellationToken);
        var distances = embedder is null
            ? await Task.Run(() => GaussianLikelihoodRatio.Matrix(frames.Frames, windows.Select(w => frames.Span(w.Range)).ToList(), SpeechFeatureFrames.Coefficients, cancellationToken), cancellationToken)
            : CosineDistanceMatrix.Compute(await embedder.EmbedAsync(audio, windows.Select(w => w.Range).ToList(), cancellationToken));
        var windowLabels = await Task.Run(() => Cluster(distances, windows, cancellationToken), cancellationToken);
        var count = windowLabels.Length == 0 ? 0 : windowLabels.Max() + 1;
        var windowTurns = TurnBuilder.Build(regions, windows, windowLabels, MergeGapSeconds);
        if (count < 2 || options.ResegmentationPasses == 0 || frames.Count == 0)
        {
            return windowTurns;
        }

        var frameLabels = FrameLabels(frames, windowTurns);
        var settings = new ResegmentationSettings(options.ResegmentationPasses, options.SpeakerGmmComponents, EmIterations: 100, options.SpeakerStayProbability);
        await Task.Run(() => ViterbiResegmenter.Resegment(frames.Frames, frames.RegionFrames, frameLabels, settings, cancellationToken), cancellationToken);
        var emptyRegionLabels = regions.Select(r => LabelAt(windowTurns, (r.Start + r.End) / 2)).ToList();
        return TurnBuilder.FromFrames(regions, frames, frameLabels, emptyRegionLabels, MergeGapSeconds);
    }

    /// <summary>Window labels: windows long enough are clustered; the others join the cluster they are on average closest to.</summary>
    private int[] Cluster(double[,] distances, List<SpeechWindow> windows, CancellationToken cancellationToken)
    {
        var clusteredIndices = Enumerable.Range(0, windows.Count).Where(i => windows[i].Range.Duration >= options.MinClusterWindowSeconds).ToList();
        if (clusteredIndices.Count < 2)
        {
            clusteredIndices = Enumerable.Range(0, windows.Count).ToList();
        }

        var clustered = new double[clusteredIndices.Count, clusteredIndices.Count];
        for (var i = 0; i < clusteredIndices.Count; i++)
        {
            for (var j = 0; j < clusteredIndices.Count; j++)
            {
                clustered[i, j] = distances[clusteredIndices[i], clusteredIndices[j]];
            }
        }

        var dendrogram = AgglomerativeClustering.Build(clustered);
        cancellationToken.ThrowIfCancellationRequested();
        var estimate = options.NumSpeakers is int exact
            ? SpeakerCountEstimator.Fixed(clustered, dendrogram, exact)
            : SpeakerCountEstimator.Run(clustered, dendrogram, options.MinSpeakers, options.MaxSpeakers, options.MinSilhouetteForSeveralSpeakers, options.MinSpeakerShare);
        LastEstimate = (estimate.Count, estimate.Silhouette);

        var labels = new int[windows.Count];
        var isClustered = new bool[windows.Count];
        for (var i = 0; i < clusteredIndices.Count; i++)
        {
            labels[clusteredIndices[i]] = estimate.Labels[i];
            isClustered[clusteredIndices[i]] = true;
        }

        for (var w = 0; w < windows.Count; w++)
        {
            if (isClustered[w] || estimate.Count == 1)
            {
                continue;
            }

            var sums = new double[estimate.Count];
            var sizes = new int[estimate.Count];
            foreach (var c in clusteredIndices)
            {
                sums[labels[c]] += distances[w, c];
                sizes[labels[c]]++;
            }

            labels[w] = Enumerable.Range(0, estimate.Count).Where(k => sizes[k] > 0).MinBy(k => sums[k] / sizes[k]);
        }

        return labels;
    }

    /// <summary>Speaker index (S1 → 0, …) of every frame, from the turns its start falls in.</summary>
    private static int[] FrameLabels(SpeechFeatureFrames frames, List<SpeakerTurn> turns)
    {
        var labels = new int[frames.Count];
        var turn = 0;
        for (var t = 0; t < frames.Count; t++)
        {
            // Frames and turns are both in time order: advance to the turn holding (or next after) this frame.
            while (turn + 1 < turns.Count && turns[turn].End <= frames.Times[t])
            {
                turn++;
            }

            labels[t] = Index(turns[turn]);
        }

        return labels;
    }

    private static int LabelAt(List<SpeakerTurn> turns, double time)
    {
        var best = turns[0];
        foreach (var turn in turns)
        {
            if (turn.Start <= time && time < turn.End)
            {
                best = turn;
                break;
            }

            if (Math.Abs(((turn.Start + turn.End) / 2) - time) < Math.Abs(((best.Start + best.End) / 2) - time))
            {
                best = turn;
            }
        }

        return Index(best);
    }

    private static int Index(SpeakerTurn turn) => int.Parse(turn.Speaker.AsSpan(1), CultureInfo.InvariantCulture) - 1;
}
