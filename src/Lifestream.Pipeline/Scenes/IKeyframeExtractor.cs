using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Scenes;

/// <summary>Writes one still per scene and returns the scenes with <see cref="Scene.Keyframe"/> set.</summary>
public interface IKeyframeExtractor
{
    Task<IReadOnlyList<Scene>> ExtractAsync(string mediaPath, IReadOnlyList<Scene> scenes, string outputDirectory, CancellationToken cancellationToken);
}
