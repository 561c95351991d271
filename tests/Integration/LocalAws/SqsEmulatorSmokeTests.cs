using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Lifestream.Tests.Integration.Infrastructure;

namespace Lifestream.Tests.Integration.LocalAws;

[Collection(LocalAwsCollection.Name)]
public sealed class SqsEmulatorSmokeTests(LocalAwsFixture fixture)
{
    [Fact]
    public async Task Send_receive_hides_the_message_until_visibility_ends_and_delete_removes_it()
    {
        using var sqs = fixture.Stack.Clients.CreateSqs();
        var url = (await sqs.CreateQueueAsync(LocalAwsFixture.UniqueName("smoke"))).QueueUrl;
        await sqs.SendMessageAsync(url, "{\"hello\":1}");

        var first = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, VisibilityTimeout = 1, WaitTimeSeconds = 1 });
        var hidden = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 0 });
        var again = await ReceiveWithinAsync(sqs, url, TimeSpan.FromSeconds(10));
        await sqs.DeleteMessageAsync(url, again.ReceiptHandle);
        var afterDelete = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 2 });

        Assert.Equal("{\"hello\":1}", Assert.Single(first.Messages).Body);
        Assert.Empty(hidden.Messages ?? []);
        Assert.Equal(first.Messages[0].MessageId, again.MessageId);
        Assert.Empty(afterDelete.Messages ?? []);
    }

    [Fact]
    public async Task A_message_received_maxReceiveCount_times_moves_to_the_dead_letter_queue()
    {
        using var sqs = fixture.Stack.Clients.CreateSqs();
        var dlqUrl = (await sqs.CreateQueueAsync(LocalAwsFixture.UniqueName("smoke-dlq"))).QueueUrl;
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlqUrl, ["QueueArn"])).QueueARN;
        var url = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = LocalAwsFixture.UniqueName("smoke-main"),
            Attributes = new Dictionary<string, string>
            {
                ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"2\"}}",
                ["VisibilityTimeout"] = "1",
            },
        })).QueueUrl;
        await sqs.SendMessageAsync(url, "poison");

        for (var i = 0; i < 2; i++)
        {
            await ReceiveWithinAsync(sqs, url, TimeSpan.FromSeconds(10));
        }

        var dead = await ReceiveWithinAsync(sqs, dlqUrl, TimeSpan.FromSeconds(10), pollMainQueue: (sqs, url));

        Assert.Equal("poison", dead.Body);
        var attrs = await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal(0, int.Parse(attrs.Attributes["ApproximateNumberOfMessages"], CultureInfo.InvariantCulture) + int.Parse(attrs.Attributes["ApproximateNumberOfMessagesNotVisible"], CultureInfo.InvariantCulture));
    }

    /// <summary>Receives one message, polling up to <paramref name="within"/> (the redrive happens on a later receive).</summary>
    private static async Task<Message> ReceiveWithinAsync(IAmazonSQS sqs, string url, TimeSpan within, (IAmazonSQS Sqs, string Url)? pollMainQueue = null)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (pollMainQueue is { } main)
            {
                await main.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = main.Url, WaitTimeSeconds = 0 });
            }

            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 1 });
            if (response.Messages is { Count: > 0 })
            {
                return response.Messages[0];
            }
        }

        throw new TimeoutException($"No message on {url} within {within}.");
    }
}
