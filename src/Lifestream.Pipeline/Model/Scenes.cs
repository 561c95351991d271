using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Model;

/// <summary>A shot between two cuts. Times from frame PTS (seconds); frames are 0-based indices.</summary>
public sealed record Scene(int Index, double Start, double End, long StartFrame, long EndFrame)
{
    /// <summary>File name of the keyframe JPEG inside the output directory (e.g. "keyframes/scene-001.jpg").</summary>
    public string? Keyframe { get; init; }
}

/// <summary>Output of the video branch: scene detection → keyframes.</summary>
public sealed record SceneResult
{
    public required IReadOnlyList<Scene> Scenes { get; init; }

    public IReadOnlyList<EngineInfo> Engines { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyDictionary<string, double> StageTimings { get; init; } = new Dictionary<string, double>();
}

/// <summary>The video branch as one unit.</summary>
public interface ISceneAnalyzer
{
    Task<SceneResult> AnalyzeAsync(string mediaPath, MediaInfo media, string outputDirectory, IProgress<StageProgress>? progress, CancellationToken cancellationToken);
}
