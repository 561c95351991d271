namespace Lifestream.Core.Processing;

/// <summary>Names of the lifecycle stages the runner itself owns (pipeline stages come from the pipeline).</summary>
public static class ProcessorStages
{
    public const string Claim = "claim";
    public const string Download = "download";
    public const string Pipeline = "pipeline";
    public const string Upload = "upload";
    public const string Finalize = "finalize";
}
