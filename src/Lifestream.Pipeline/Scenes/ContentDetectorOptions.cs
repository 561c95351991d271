using System.Globalization;

namespace Lifestream.Pipeline.Scenes;

/// <summary>Settings of <see cref="ContentDetector"/> (PySceneDetect <c>detect-content</c> semantics).</summary>
public sealed record ContentDetectorOptions
{
    /// <summary>
    /// A frame starts a new scene when its content score against the previous frame is at least this,
    /// on the 0–255 HSV scale. 27 is PySceneDetect's default.
    /// </summary>
    public double Threshold { get; init; } = 27.0;

    /// <summary>
    /// Minimum scene length in frames: a cut closer than this to the previous cut (or to the first frame)
    /// is ignored. 15 is PySceneDetect's default.
    /// </summary>
    public int MinSceneLengthFrames { get; init; } = 15;

    /// <summary>
    /// Flash guard (an addition to PySceneDetect): a candidate cut is dropped when, within this many
    /// following frames, the picture returns to the content before the candidate (score below
    /// <see cref="Threshold"/>) — a camera flash or a one-frame glitch, not a new shot. Cuts are therefore
    /// confirmed up to this many frames late. 0 disables the guard. Must be smaller than
    /// <see cref="MinSceneLengthFrames"/>.
    /// </summary>
    public int FlashMaxFrames { get; init; } = 3;

    public ContentWeights Weights { get; init; } = ContentWeights.Default;

    public void Validate()
    {
        if (!(Threshold > 0 && Threshold <= 255))
        {
            throw new ArgumentException($"ContentDetectorOptions.Threshold must be in (0, 255]; got {Threshold}.");
        }

        if (MinSceneLengthFrames < 1)
        {
            throw new ArgumentException($"ContentDetectorOptions.MinSceneLengthFrames must be at least 1; got {MinSceneLengthFrames}.");
        }

        if (FlashMaxFrames < 0 || FlashMaxFrames >= MinSceneLengthFrames)
        {
            throw new ArgumentException(
                $"ContentDetectorOptions.FlashMaxFrames must be in [0, MinSceneLengthFrames={MinSceneLengthFrames}); got {FlashMaxFrames}.");
        }

        ValidateWeights(Weights, nameof(ContentDetectorOptions));
    }

    internal static void ValidateWeights(ContentWeights? weights, string owner)
    {
        if (weights is null || !(weights.Sum > 0) || double.IsNaN(weights.Sum) || double.IsInfinity(weights.Sum))
        {
            throw new ArgumentException($"{owner}.Weights must have a positive, finite sum of absolute weights.");
        }
    }

    internal Dictionary<string, string> ToSettings() => new()
    {
        ["threshold"] = Threshold.ToString(CultureInfo.InvariantCulture),
        ["minSceneLengthFrames"] = MinSceneLengthFrames.ToString(CultureInfo.InvariantCulture),
        ["flashMaxFrames"] = FlashMaxFrames.ToString(CultureInfo.InvariantCulture),
        ["weights"] = string.Create(CultureInfo.InvariantCulture, $"h={Weights.Hue},s={Weights.Saturation},v={Weights.Value}"),
    };
}
