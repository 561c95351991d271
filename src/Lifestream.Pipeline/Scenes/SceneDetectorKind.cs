namespace Lifestream.Pipeline.Scenes;

/// <summary>Which cut detector the scene analyzer runs.</summary>
public enum SceneDetectorKind
{
    /// <summary><see cref="ContentDetector"/>: fixed HSV threshold (default).</summary>
    Content,

    /// <summary><see cref="AdaptiveDetector"/>: score relative to neighbouring frames.</summary>
    Adaptive,
}
