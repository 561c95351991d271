using System.Globalization;
using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Scenes;

/// <summary>Settings of <see cref="AdaptiveDetector"/> (PySceneDetect <c>detect-adaptive</c> semantics).</summary>
public sealed record AdaptiveDetectorOptions : IValidatedOptions
{
    /// <summary>
    /// A frame is a cut when its content score divided by the mean score of its neighbours (the window)
    /// is at least this. 3.0 is PySceneDetect's default.
    /// </summary>
    public double AdaptiveThreshold { get; init; } = 3.0;

    /// <summary>Frames on each side of the frame being judged. 2 is PySceneDetect's default.</summary>
    public int WindowWidth { get; init; } = 2;

    /// <summary>
    /// The content score must also be at least this (0–255 scale), so noise in static shots cannot
    /// produce a high ratio. 15 is PySceneDetect's default.
    /// </summary>
    public double MinContentValue { get; init; } = 15.0;

    /// <summary>Minimum scene length in frames (as in <see cref="ContentDetectorOptions.MinSceneLengthFrames"/>).</summary>
    public int MinSceneLengthFrames { get; init; } = 15;

    /// <summary>
    /// Flash guard: a candidate is dropped when, within this many following frames, the picture returns to
    /// the content before it (score below <see cref="MinContentValue"/>). 0 disables it.
    /// </summary>
    public int FlashMaxFrames { get; init; } = 3;

    /// <summary>Ratio reported when the window mean is ~0 (PySceneDetect caps the ratio at 255).</summary>
    public const double MaxRatio = 255.0;

    public ContentWeights Weights { get; init; } = ContentWeights.Default;

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (!(AdaptiveThreshold > 0))
        {
            problems.Add($"AdaptiveDetectorOptions.AdaptiveThreshold must be positive; got {AdaptiveThreshold}.");
        }

        if (WindowWidth < 1)
        {
            problems.Add($"AdaptiveDetectorOptions.WindowWidth must be at least 1; got {WindowWidth}.");
        }

        if (!(MinContentValue >= 0 && MinContentValue <= 255))
        {
            problems.Add($"AdaptiveDetectorOptions.MinContentValue must be in [0, 255]; got {MinContentValue}.");
        }

        if (MinSceneLengthFrames < 1)
        {
            problems.Add($"AdaptiveDetectorOptions.MinSceneLengthFrames must be at least 1; got {MinSceneLengthFrames}.");
        }

        if (FlashMaxFrames < 0 || FlashMaxFrames >= MinSceneLengthFrames)
        {
            problems.Add(
                $"AdaptiveDetectorOptions.FlashMaxFrames must be in [0, MinSceneLengthFrames={MinSceneLengthFrames}); got {FlashMaxFrames}.");
        }

        ContentDetectorOptions.AddWeightProblems(problems, Weights, nameof(AdaptiveDetectorOptions));

        return problems;
    }

    internal Dictionary<string, string> ToSettings() => new()
    {
        ["adaptiveThreshold"] = AdaptiveThreshold.ToString(CultureInfo.InvariantCulture),
        ["windowWidth"] = WindowWidth.ToString(CultureInfo.InvariantCulture),
        ["minContentValue"] = MinContentValue.ToString(CultureInfo.InvariantCulture),
        ["minSceneLengthFrames"] = MinSceneLengthFrames.ToString(CultureInfo.InvariantCulture),
        ["flashMaxFrames"] = FlashMaxFrames.ToString(CultureInfo.InvariantCulture),
        ["weights"] = string.Create(CultureInfo.InvariantCulture, $"h={Weights.Hue},s={Weights.Saturation},v={Weights.Value}"),
    };
}
