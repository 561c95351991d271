namespace Lifestream.Pipeline.Chunking;

/// <summary>
/// The unit of chunking and extractive summarization: one sentence of one speaker, with its time span.
/// <see cref="Index"/> is its position in the whole transcript; <see cref="SegmentIndex"/> the transcript
/// segment it came from.
/// </summary>
public sealed record TranscriptSentence(int Index, string Speaker, double Start, double End, string Text, int SegmentIndex);
