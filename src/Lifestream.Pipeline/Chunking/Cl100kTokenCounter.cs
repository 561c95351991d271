using Microsoft.ML.Tokenizers;

namespace Lifestream.Pipeline.Chunking;

/// <summary>
/// OpenAI's cl100k_base BPE (GPT-3.5/4 family) from Microsoft.ML.Tokenizers; the vocabulary ships in the
/// Microsoft.ML.Tokenizers.Data.Cl100kBase package, so this works offline. Thread-safe.
/// </summary>
public sealed class Cl100kTokenCounter : ITokenCounter
{
    private static readonly Lazy<Tokenizer> SharedTokenizer = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    public string Name => "cl100k_base";

    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SharedTokenizer.Value.CountTokens(text);
    }
}
