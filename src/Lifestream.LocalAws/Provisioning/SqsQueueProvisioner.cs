using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Lifestream.LocalAws.Terraform;
using Lifestream.LocalAws.Terraform.Definitions;

namespace Lifestream.LocalAws.Provisioning;

/// <summary>Creates queues dead-letter queues first, so every redrive policy can name its target's ARN.</summary>
internal static class SqsQueueProvisioner
{
    public static async Task<Dictionary<string, ProvisionedQueueAddress>> EnsureAllAsync(
        IAmazonSQS sqs,
        IReadOnlyList<SqsQueueDefinition> queues,
        CancellationToken cancellationToken)
    {
        var created = new Dictionary<string, ProvisionedQueueAddress>(StringComparer.Ordinal);
        foreach (var queue in CreationOrder(queues))
        {
            var deadLetterArn = queue.Redrive is null ? null : created[queue.Redrive.DeadLetterQueueResourceName].Arn;
            created[queue.ResourceName] = await EnsureAsync(sqs, queue, deadLetterArn, cancellationToken);
        }

        return created;
    }

    /// <summary>Queues ordered so that each comes after its dead-letter queue; a redrive cycle is an error.</summary>
    internal static List<SqsQueueDefinition> CreationOrder(IReadOnlyList<SqsQueueDefinition> queues)
    {
        var ordered = new List<SqsQueueDefinition>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var pending = queues.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(q => q.Redrive is null || placed.Contains(q.Redrive.DeadLetterQueueResourceName)).ToList();
            if (ready.Count == 0)
            {
                throw new TerraformModuleException(
                    $"The redrive policies of {string.Join(", ", pending.Select(q => $"aws_sqs_queue.{q.ResourceName}"))} form a cycle or name an undeclared queue.");
            }

            foreach (var queue in ready)
            {
                ordered.Add(queue);
                placed.Add(queue.ResourceName);
                pending.Remove(queue);
            }
        }

        return ordered;
    }

    internal static Dictionary<string, string> Attributes(SqsQueueDefinition queue, string? deadLetterArn)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [QueueAttributeName.VisibilityTimeout] = queue.VisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            [QueueAttributeName.MessageRetentionPeriod] = queue.MessageRetentionSeconds.ToString(CultureInfo.InvariantCulture),
            [QueueAttributeName.ReceiveMessageWaitTimeSeconds] = queue.ReceiveWaitTimeSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (queue.Redrive is not null && deadLetterArn is not null)
        {
            attributes[QueueAttributeName.RedrivePolicy] = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["deadLetterTargetArn"] = deadLetterArn,
                ["maxReceiveCount"] = queue.Redrive.MaxReceiveCount,
            });
        }

        return attributes;
    }

    private static async Task<ProvisionedQueueAddress> EnsureAsync(IAmazonSQS sqs, SqsQueueDefinition queue, string? deadLetterArn, CancellationToken cancellationToken)
    {
        var attributes = Attributes(queue, deadLetterArn);
        string url;
        try
        {
            url = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = queue.QueueName, Attributes = attributes }, cancellationToken)).QueueUrl;
        }
        catch (QueueNameExistsException)
        {
            // Exists with other attributes (e.g. the module changed): bring it in line.
            url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queue.QueueName }, cancellationToken)).QueueUrl;
            await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = url, Attributes = attributes }, cancellationToken);
        }

        var described = await sqs.GetQueueAttributesAsync(
            new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = [QueueAttributeName.QueueArn] },
            cancellationToken);
        if (described.Attributes is null || !described.Attributes.TryGetValue(QueueAttributeName.QueueArn, out var arn) || string.IsNullOrEmpty(arn))
        {
            throw new ResourceProvisioningException($"SQS queue '{queue.QueueName}' was created but the emulator returned no QueueArn.");
        }

        return new ProvisionedQueueAddress(queue.QueueName, url, arn);
    }
}
