using System.Globalization;
using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Scenes;

/// <summary>Settings of <see cref="ContentDetector"/> (PySceneDetect <c>detect-content</c> semantics).</summary>
public sealed record ContentDetectorOptions : IValidatedOptions
{
    /// <summary>
    /// A frame starts a new scene when its content score against the previous frame is at least this,
    /// on the 0–255 HSV scale. 27 is PySceneDetect's default.
    /// </summary>
    public double Threshold { get; init; } = 27.0;

    /// <summary>
    /// PySceneDetect's <c>min_scene_len</c> in frames (default 15): the flash filter's length, counted from the
    /// first frame and then from the last above-threshold frame (merge) or the last cut (suppress).
    /// </summary>
    public int MinSceneLengthFrames { get; init; } = 15;

    /// <summary>How the minimum scene length is enforced: PySceneDetect's <c>filter_mode</c>, default merge.</summary>
    public FlashFilterMode FilterMode { get; init; } = FlashFilterMode.Merge;

    public ContentWeights Weights { get; init; } = ContentWeights.Default;

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (!(Threshold > 0 && Threshold <= 255))
        {
            problems.Add($"ContentDetectorOptions.Threshold must be in (0, 255]; got {Threshold}.");
        }

        if (MinSceneLengthFrames < 0)
        {
            problems.Add($"ContentDetectorOptions.MinSceneLengthFrames must be at least 0 (0 disables the filter, as in PySceneDetect); got {MinSceneLengthFrames}.");
        }

        if (!Enum.IsDefined(FilterMode))
        {
            problems.Add($"ContentDetectorOptions.FilterMode has an unknown value {FilterMode}.");
        }

        AddWeightProblems(problems, Weights, nameof(ContentDetectorOptions));

        return problems;
    }

    internal static void AddWeightProblems(List<string> problems, ContentWeights? weights, string owner)
    {
        if (weights is null || !(weights.Sum > 0) || double.IsNaN(weights.Sum) || double.IsInfinity(weights.Sum))
        {
            problems.Add($"{owner}.Weights must have a positive, finite sum of absolute weights.");
        }
    }

    internal Dictionary<string, string> ToSettings() => new()
    {
        ["threshold"] = Threshold.ToString(CultureInfo.InvariantCulture),
        ["minSceneLengthFrames"] = MinSceneLengthFrames.ToString(CultureInfo.InvariantCulture),
        ["filterMode"] = FilterMode == FlashFilterMode.Merge ? "merge" : "suppress",
        ["weights"] = string.Create(CultureInfo.InvariantCulture, $"h={Weights.Hue},s={Weights.Saturation},v={Weights.Value}"),
    };
}
