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
    public const string TaskEventsQueue = "task_events";
    public const string TaskEventsDeadLetterQueue = "task_events_dlq";
    public const string TaskEventsEventSourceMapping = "task_events";
    public const string TaskStoppedRule = "task_stopped";
    public const string SweepRule = "sweep";
}
