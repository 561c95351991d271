namespace Lifestream.Core.Processing;

/// <summary>Document names the processor relies on.</summary>
public static class ResultDocuments
{
    /// <summary>Every successful pipeline run writes this; its key becomes the claim's result_s3_key.</summary>
    public const string Summary = "summary.json";
}
