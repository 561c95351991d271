using Lifestream.Core.Dispatching.Messages;

namespace Lifestream.Tests.Unit.Core.Dispatching.Messages;

public class QueueMessageParserTests
{
    private static string S3Event(params (string Bucket, string Key)[] records) =>
        "{\"Records\":[" + string.Join(",", records.Select(r => S3Record(r.Bucket, r.Key))) + "]}";

    private static string S3Record(string bucket, string key, string eventName = "ObjectCreated:Put") =>
        "{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"eu-west-1\",\"eventName\":\"" + eventName
        + "\",\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + bucket + "\",\"arn\":\"arn:aws:s3:::" + bucket
        + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":1024,\"eTag\":\"0123abcd\"}}}";

    [Theory]
    [InlineData("uploads/my+talk.mp4", "uploads/my talk.mp4")]
    [InlineData("uploads/a%2Bb.mov", "uploads/a+b.mov")]
    [InlineData("uploads/caf%C3%A9+%281%29.MP4", "uploads/café (1).MP4")]
    [InlineData("uploads/dir/sub/x.Mov", "uploads/dir/sub/x.Mov")]
    [InlineData("uploads/100%25.mp4", "uploads/100%.mp4")]
    public void Encoded_keys_are_decoded(string encoded, string expected)
    {
        var record = Assert.Single(QueueMessageParser.Parse(S3Event(("bucket-1", encoded))));

        Assert.NotNull(record.Request);
        Assert.Equal(expected, record.Request.Key);
        Assert.Equal("bucket-1", record.Request.Bucket);
        Assert.Equal(MessageOrigin.S3Event, record.Request.Origin);
        Assert.Null(record.Request.JobId);
    }

    [Fact]
    public void Multi_record_events_yield_one_record_each_in_order()
    {
        var records = QueueMessageParser.Parse(S3Event(("b", "uploads/one.mp4"), ("b", "uploads/two.mov"), ("b", "other/three.mp4")));

        Assert.Equal(3, records.Count);
        Assert.Equal("uploads/one.mp4", records[0].Request!.Key);
        Assert.Equal("uploads/two.mov", records[1].Request!.Key);
        Assert.Null(records[2].Request);
        Assert.Contains("not under 'uploads/'", records[2].IgnoredReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_event_is_ignored()
    {
        const string body = """{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-29T10:00:00.000Z","Bucket":"b","RequestId":"r","HostId":"h"}""";

        var record = Assert.Single(QueueMessageParser.Parse(body));

        Assert.Null(record.Request);
        Assert.Contains("s3:TestEvent", record.IgnoredReason, StringComparison.Ordinal);
        Assert.Null(record.MalformedReason);
    }

    [Theory]
    [InlineData("uploads/notes.txt", "does not end with .mp4 or .mov")]
    [InlineData("results/x/summary.mp4", "not under 'uploads/'")]
    [InlineData("Uploads/x.mp4", "not under 'uploads/'")]
    [InlineData("uploads/folder.mp4/", "folder")]
    [InlineData("uploads/", "folder")]
    public void Keys_outside_the_filter_are_ignored_with_a_reason(string key, string reason)
    {
        var record = Assert.Single(QueueMessageParser.Parse(S3Event(("b", key))));

        Assert.Null(record.Request);
        Assert.Contains(reason, record.IgnoredReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uploads/a.mp4")]
    [InlineData("uploads/a.MP4")]
    [InlineData("uploads/a.MoV")]
    [InlineData("uploads/deep/er/a.mov")]
    public void Video_keys_under_uploads_pass_the_filter_in_any_case(string key) =>
        Assert.True(Lifestream.Core.Uploads.UploadKeyRule.Check(key).IsAccepted);

    [Fact]
    public void Non_create_events_are_ignored()
    {
        var body = "{\"Records\":[" + S3Record("b", "uploads/a.mp4", "ObjectRemoved:Delete") + "]}";

        var record = Assert.Single(QueueMessageParser.Parse(body));

        Assert.Contains("ObjectRemoved:Delete", record.IgnoredReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON Array")]
    [InlineData("\"text\"", "JSON String")]
    [InlineData("{}", "unrecognised message")]
    [InlineData("{\"Records\":{}}", "not an array")]
    [InlineData("{\"Records\":[]}", "empty")]
    [InlineData("{\"Records\":[42]}", "Records[0] is not an object")]
    [InlineData("{\"Records\":[{\"eventSource\":\"aws:s3\"}]}", "eventName is missing")]
    [InlineData("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}", "Records[0].s3 is missing")]
    [InlineData("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"object\":{\"key\":\"uploads/a.mp4\"}}}]}", "bucket.name is missing")]
    [InlineData("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{}}}]}", "object.key is missing")]
    [InlineData("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":7}}}]}", "object.key is missing")]
    public void Malformed_bodies_become_malformed_records_never_exceptions(string body, string reason)
    {
        var record = Assert.Single(QueueMessageParser.Parse(body));

        Assert.Null(record.Request);
        Assert.Contains(reason, record.MalformedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_bad_record_does_not_spoil_the_others()
    {
        var body = "{\"Records\":[" + S3Record("b", "uploads/ok.mp4") + ",{\"eventName\":\"ObjectCreated:Put\"}]}";

        var records = QueueMessageParser.Parse(body);

        Assert.Equal("uploads/ok.mp4", records[0].Request!.Key);
        Assert.NotNull(records[1].MalformedReason);
    }

    [Fact]
    public void Deeply_nested_json_is_malformed_not_a_crash()
    {
        var body = new string('[', 5000) + new string(']', 5000);

        var record = Assert.Single(QueueMessageParser.Parse(body));

        Assert.Contains("not valid JSON", record.MalformedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Upload_confirm_message_carries_its_job_id_and_raw_key()
    {
        const string body = """{"job_id":"0b9d-42_x","video_s3_key":"uploads/my talk+1.mp4","video_s3_bucket":"media"}""";

        var record = Assert.Single(QueueMessageParser.Parse(body));

        Assert.Equal(new ObjectDispatchRequest("media", "uploads/my talk+1.mp4", MessageOrigin.UploadConfirm, "0b9d-42_x"), record.Request);
    }

    [Theory]
    [InlineData("""{"job_id":"j1","video_s3_key":"uploads/a.mp4"}""", "video_s3_bucket")]
    [InlineData("""{"job_id":"","video_s3_key":"uploads/a.mp4","video_s3_bucket":"b"}""", "job_id")]
    [InlineData("""{"video_s3_key":"uploads/a.mp4","video_s3_bucket":"b"}""", "job_id")]
    [InlineData("""{"job_id":"j1","video_s3_key":5,"video_s3_bucket":"b"}""", "video_s3_key")]
    [InlineData("""{"job_id":"../../etc","video_s3_key":"uploads/a.mp4","video_s3_bucket":"b"}""", "letters, digits")]
    public void Upload_confirm_with_missing_or_unsafe_fields_is_malformed(string body, string reason)
    {
        var record = Assert.Single(QueueMessageParser.Parse(body));

        Assert.Contains(reason, record.MalformedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Upload_confirm_for_a_non_video_key_is_ignored()
    {
        var record = Assert.Single(QueueMessageParser.Parse("""{"job_id":"j1","video_s3_key":"uploads/a.txt","video_s3_bucket":"b"}"""));

        Assert.Contains(".mp4 or .mov", record.IgnoredReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sns_envelope_is_unwrapped_once()
    {
        var inner = S3Event(("b", "uploads/x+y.mp4")).Replace("\"", "\\\"", StringComparison.Ordinal);
        var body = $$"""{"Type":"Notification","MessageId":"m","Message":"{{inner}}"}""";

        var record = Assert.Single(QueueMessageParser.Parse(body));

        Assert.Equal("uploads/x y.mp4", record.Request!.Key);
    }
}
