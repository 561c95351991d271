namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// A streaming cut detector: frames go in one at a time, in decode order; cut frame indices come out.
/// A cut index is the first frame of a new scene. Detectors may confirm a cut a few frames after it
/// happened (look-ahead for flashes and adaptive windows); <see cref="Flush"/> returns what is left
/// when the stream ends. Implementations hold state for one video and are not thread-safe.
/// </summary>
public interface ISceneCutDetector
{
    /// <summary>Stable name recorded in summary.json ("content", "adaptive").</summary>
    string Name { get; }

    /// <summary>Every threshold in force, for summary.json.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    IReadOnlyList<long> Process(AnalysisFrame frame);

    IReadOnlyList<long> Flush();
}
