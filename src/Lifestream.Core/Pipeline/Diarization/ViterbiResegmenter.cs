namespace Lifestream.Core.Pipeline.Diarization;

/// <summary>
/// Frame-level resegmentation after clustering, as VBx and LIUM refine their clusterings: each speaker gets a
/// diagonal GMM trained on the frames currently labelled with it, and every speech region is relabelled by Viterbi
/// decoding of an ergodic HMM over the speakers (one state per speaker, a fixed probability of staying) on the
/// frames' GMM log-likelihoods; repeated for a few passes. Window-level clustering places speaker changes only to
/// the window hop; this moves them to the frame where the voice changes and drops one-window flickers.
/// </summary>
public static class ViterbiResegmenter
{
    /// <summary>A speaker keeps a model only with at least this many frames (0.5 s); fewer and its frames are taken by the others.</summary>
    public const int MinSpeakerFrames = 50;

    /// <param name="frames">Feature frames; <paramref name="regionFrames"/> gives each region's contiguous [Start, End).</param>
    /// <param name="labels">Initial speaker (0..count−1) of every frame; relabelled in place.</param>
    public static void Resegment(float[][] frames, IReadOnlyList<(int Start, int End)> regionFrames, int[] labels, ResegmentationSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(regionFrames);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(settings);
        for (var pass = 0; pass < settings.Passes; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var speakers = labels.Where(l => l >= 0).GroupBy(l => l).Where(g => g.Count() >= MinSpeakerFrames).Select(g => g.Key).Order().ToArray();
            if (speakers.Length < 2)
            {
                return;
            }

            var models = speakers.Select(s => DiagonalGmm.Fit(Enumerable.Range(0, frames.Length).Where(t => labels[t] == s).Select(t => frames[t]).ToList(), settings.Components, settings.EmIterations)).ToArray();
            var changed = false;
            foreach (var (start, end) in regionFrames)
            {
                if (end <= start)
                {
                    continue;
                }

                var scores = new double[end - start, speakers.Length];
                for (var t = start; t < end; t++)
                {
                    for (var s = 0; s < speakers.Length; s++)
                    {
                        scores[t - start, s] = models[s].LogLikelihood(frames[t]);
                    }
                }

                var path = Viterbi(scores, settings.StayProbability);
                for (var t = start; t < end; t++)
                {
                    var label = speakers[path[t - start]];
                    changed |= labels[t] != label;
                    labels[t] = label;
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }

    /// <summary>Most likely state sequence of an ergodic HMM with equal switching probabilities.</summary>
    public static int[] Viterbi(double[,] logLikelihoods, double stayProbability)
    {
        ArgumentNullException.ThrowIfNull(logLikelihoods);
        var frames = logLikelihoods.GetLength(0);
        var states = logLikelihoods.GetLength(1);
        var path = new int[frames];
        if (frames == 0 || states == 0)
        {
            return path;
        }

        var stay = Math.Log(stayProbability);
        var move = states > 1 ? Math.Log((1 - stayProbability) / (states - 1)) : double.NegativeInfinity;
        var score = new double[states];
        var next = new double[states];
        var back = new int[frames, states];
        for (var s = 0; s < states; s++)
        {
            score[s] = logLikelihoods[0, s];
        }

        for (var t = 1; t < frames; t++)
        {
            var best = 0;
            for (var s = 1; s < states; s++)
            {
                if (score[s] > score[best])
                {
                    best = s;
                }
            }

            for (var s = 0; s < states; s++)
            {
                var fromSelf = score[s] + stay;
                var fromBest = best == s ? double.NegativeInfinity : score[best] + move;
                if (fromSelf >= fromBest)
                {
                    next[s] = fromSelf + logLikelihoods[t, s];
                    back[t, s] = s;
                }
                else
                {
                    next[s] = fromBest + logLikelihoods[t, s];
                    back[t, s] = best;
                }
            }

            (score, next) = (next, score);
        }

        var last = 0;
        for (var s = 1; s < states; s++)
        {
            if (score[s] > score[last])
            {
                last = s;
            }
        }

        path[frames - 1] = last;
        for (var t = frames - 1; t > 0; t--)
        {
            path[t - 1] = back[t, path[t]];
        }

        return path;
    }
}

/// <summary>Resegmentation settings (see <see cref="ViterbiResegmenter"/>).</summary>
/// <param name="Passes">Model-and-decode rounds.</param>
/// <param name="Components">Gaussians per speaker model.</param>
/// <param name="EmIterations">EM iterations per model.</param>
/// <param name="StayProbability">HMM probability of staying with the same speaker from one 10 ms frame to the next.</param>
public sealed record ResegmentationSettings(int Passes, int Components, int EmIterations, double StayProbability);
