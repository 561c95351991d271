namespace Lifestream.Pipeline.Chunking;

/// <summary>
/// A run of whole sentences under the token budget. Sentences <see cref="FirstSentence"/>..<see cref="LastSentence"/>
/// (inclusive); the first <see cref="OverlapSentences"/> of them repeat the end of the previous chunk.
/// <see cref="Text"/> is what a model sees: one "Speaker: …" line per speaker run; <see cref="TokenCount"/> counts it.
/// <see cref="Scenes"/> are the 1-based indices of the scenes the chunk's time range overlaps.
/// </summary>
public sealed record TranscriptChunk(
    int Index,
    double Start,
    double End,
    IReadOnlyList<string> Speakers,
    IReadOnlyList<int> Scenes,
    int FirstSentence,
    int LastSentence,
    int OverlapSentences,
    int TokenCount,
    string Text);
