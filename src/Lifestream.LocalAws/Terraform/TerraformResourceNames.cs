namespace Lifestream.LocalAws.Terraform;

/// <summary>Terraform resource names (not AWS names) of what the code relies on in terraform/.</summary>
public static class TerraformResourceNames
{
    public const string JobsTable = "jobs";
    public const string IdempotencyTable = "idempotency";
    public const string UploadsQueue = "uploads";
    public const string UploadsDeadLetterQueue = "uploads_dlq";
    public const string VideosBucket = "videos";
    public const string ProcessorTaskDefinition = "processor";
    public const string DispatcherFunction = "dispatcher";
    public const string UploadsEventSourceMapping = "uploads";
}
