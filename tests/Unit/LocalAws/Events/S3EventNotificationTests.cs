using System.Text.Json;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.LocalAws.Events;

namespace Lifestream.Tests.Unit.LocalAws.Events;

public class S3EventNotificationTests
{
    [Theory]
    [InlineData("uploads/team meeting.mp4", "uploads/team+meeting.mp4")]
    [InlineData("uploads/a+b (1).MOV", "uploads/a%2Bb+(1).MOV")]
    [InlineData("uploads/sub/ünï.mp4", "uploads/sub/%C3%BCn%C3%AF.mp4")]
    public void Keys_are_encoded_the_way_s3_encodes_them(string key, string encoded)
    {
        Assert.Equal(encoded, S3EventNotification.EncodeKey(key));
    }

    [Theory]
    [InlineData("uploads/team meeting.mp4")]
    [InlineData("uploads/a+b (1).MOV")]
    [InlineData("uploads/sub/ünï %20.mp4")]
    public void The_dispatcher_parser_recovers_the_original_key(string key)
    {
        var body = S3EventNotification.ObjectCreated("videos", key, 42, "\"abc\"", DateTimeOffset.UnixEpoch, "us-east-1");

        var record = Assert.Single(QueueMessageParser.Parse(body));

        Assert.NotNull(record.Request);
        Assert.Equal(key, record.Request.Key);
        Assert.Equal("videos", record.Request.Bucket);
        Assert.Equal(MessageOrigin.S3Event, record.Request.Origin);
    }

    [Fact]
    public void The_document_has_the_fields_aws_sends()
    {
        var body = S3EventNotification.ObjectCreated("videos", "uploads/x.mp4", 42, "\"abc\"", DateTimeOffset.UnixEpoch, "eu-west-1", "ObjectCreated:CompleteMultipartUpload");

        using var doc = JsonDocument.Parse(body);
        var record = doc.RootElement.GetProperty("Records")[0];

        Assert.Equal("aws:s3", record.GetProperty("eventSource").GetString());
        Assert.Equal("ObjectCreated:CompleteMultipartUpload", record.GetProperty("eventName").GetString());
        Assert.Equal("eu-west-1", record.GetProperty("awsRegion").GetString());
        Assert.Equal("1970-01-01T00:00:00.000Z", record.GetProperty("eventTime").GetString());
        Assert.Equal(42, record.GetProperty("s3").GetProperty("object").GetProperty("size").GetInt64());
        Assert.Equal("abc", record.GetProperty("s3").GetProperty("object").GetProperty("eTag").GetString());
        Assert.Equal("arn:aws:s3:::videos", record.GetProperty("s3").GetProperty("bucket").GetProperty("arn").GetString());
    }
}
