namespace Lifestream.Pipeline.Chunking;

/// <summary>Counts tokens the way the summarization model will (budgets are in these units).</summary>
public interface ITokenCounter
{
    /// <summary>Encoding name recorded in summary.json (e.g. "cl100k_base").</summary>
    string Name { get; }

    int CountTokens(string text);
}
