namespace Lifestream.Tests.Unit.Core.Reconciliation;

/// <summary>
/// ECS task state change events in the shape the Amazon ECS developer guide documents ("Amazon ECS task state
/// change events"): the EventBridge envelope with the task in <c>detail</c>, containers with exit codes, the
/// container overrides the dispatcher set, stopCode and stoppedReason.
/// </summary>
internal static class TaskStoppedEvents
{
    public static string Stopped(string jobId = "job1", string key = "uploads/talk.mp4", string etag = "etag-1", int attempt = 1, int? exitCode = 137, string stopCode = "EssentialContainerExited", string stoppedReason = "Essential container in task exited", string? containerReason = null)
    {
        var exit = exitCode is { } code ? $"\"exitCode\": {code}," : string.Empty;
        var reason = containerReason is null ? string.Empty : $"\"reason\": \"{containerReason}\",";
        return $$"""
        {
          "version": "0",
          "id": "3317b2af-7005-947d-b652-f55e762e571a",
          "detail-type": "ECS Task State Change",
          "source": "aws.ecs",
          "account": "111122223333",
          "time": "2026-11-29T12:05:07Z",
          "region": "eu-west-1",
          "resources": ["arn:aws:ecs:eu-west-1:111122223333:task/lifestream-prod/b99d40b3e1e04a7f8e1b3a5a1e4c1f36"],
          "detail": {
            "attachments": [{ "id": "1789bcae-ddfb-4d10-8ebe-8ac87ddba5b8", "type": "eni", "status": "DELETED", "details": [{ "name": "subnetId", "value": "subnet-abcd1234" }] }],
            "availabilityZone": "eu-west-1a",
            "clusterArn": "arn:aws:ecs:eu-west-1:111122223333:cluster/lifestream-prod",
            "containers": [
              {
                "containerArn": "arn:aws:ecs:eu-west-1:111122223333:container/lifestream-prod/b99d40b3e1e04a7f8e1b3a5a1e4c1f36/7b7f6d49-6a8b-4c5e-9a43-8a2f7d1e2b3c",
                {{exit}}
                {{reason}}
                "lastStatus": "STOPPED",
                "name": "processor",
                "image": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/lifestream-processor:1.4.0",
                "runtimeId": "b99d40b3e1e04a7f8e1b3a5a1e4c1f36-2531612879",
                "taskArn": "arn:aws:ecs:eu-west-1:111122223333:task/lifestream-prod/b99d40b3e1e04a7f8e1b3a5a1e4c1f36",
                "networkInterfaces": [{ "attachmentId": "1789bcae-ddfb-4d10-8ebe-8ac87ddba5b8", "privateIpv4Address": "10.0.1.17" }],
                "cpu": "0"
              }
            ],
            "createdAt": "2026-11-29T12:00:01.123Z",
            "launchType": "FARGATE",
            "cpu": "2048",
            "memory": "8192",
            "desiredStatus": "STOPPED",
            "group": "family:lifestream-prod-processor",
            "lastStatus": "STOPPED",
            "overrides": {
              "containerOverrides": [
                {
                  "name": "processor",
                  "environment": [
                    { "name": "CLAIM_ATTEMPT", "value": "{{attempt}}" },
                    { "name": "JOB_ID", "value": "{{jobId}}" },
                    { "name": "S3_BUCKET", "value": "media" },
                    { "name": "S3_ETAG", "value": "{{etag}}" },
                    { "name": "S3_KEY", "value": "{{key}}" }
                  ]
                }
              ]
            },
            "connectivity": "CONNECTED",
            "connectivityAt": "2026-11-29T12:00:09.412Z",
            "pullStartedAt": "2026-11-29T12:00:12.000Z",
            "startedAt": "2026-11-29T12:00:30.000Z",
            "startedBy": "lifestream-dispatcher",
            "stopCode": "{{stopCode}}",
            "stoppedAt": "2026-11-29T12:05:06.997Z",
            "stoppedReason": "{{stoppedReason}}",
            "stoppingAt": "2026-11-29T12:05:05.001Z",
            "updatedAt": "2026-11-29T12:05:06.997Z",
            "taskArn": "arn:aws:ecs:eu-west-1:111122223333:task/lifestream-prod/b99d40b3e1e04a7f8e1b3a5a1e4c1f36",
            "taskDefinitionArn": "arn:aws:ecs:eu-west-1:111122223333:task-definition/lifestream-prod-processor:7",
            "version": 5,
            "platformVersion": "1.4.0"
          }
        }
        """;
    }
}
