using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Uploads;
using Lifestream.Dispatcher.Lambda.Runtime;
using Lifestream.Dispatcher.Lambda.Sqs;
using Lifestream.Tests;
using Lifestream.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Unit.Core.Dispatching;

/// <summary>
/// Generated queue bodies and S3 event shapes (valid, truncated, wrong types, huge, deeply nested, unicode, duplicate
/// records, SNS envelopes): the parser never throws, valid uploads are never classified malformed, and the Lambda
/// handler never crashes and always answers a well-formed batch response.
/// </summary>
public sealed class QueueBodyPropertyTests
{
    private const int Iterations = 10_000;
    private const string Bucket = "media";

    private static readonly string KeyAlphabet =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 +%&=()!~',;@#$[]-_.éßñ語動画🎬\u200B";

    private static readonly string[] CreatedEvents = ["ObjectCreated:Put", "ObjectCreated:Post", "ObjectCreated:Copy", "ObjectCreated:CompleteMultipartUpload"];

    /// <summary>Keys that are valid uploads: safe segments (never "." or ".."), non-ASCII, '+', '%', spaces, within 1,024 bytes.</summary>
    private static readonly Gen<string> UploadKey =
        from segments in Gen.String[Gen.Char[KeyAlphabet], 1, 24].Where(s => s is not "." and not ".." && !char.IsLowSurrogate(s[0]) && !char.IsHighSurrogate(s[^1])).Array[1, 5]
        from extension in Gen.OneOf(".mp4", ".MP4", ".mov", ".MoV")
        let key = "uploads/" + string.Join('/', segments) + extension
        where UploadKeyRule.Check(key).IsAccepted
        select key;

    /// <summary>S3's own encoding of keys in event notifications (form encoding per segment), hex case varying.</summary>
    private static readonly Gen<(string Key, string Encoded)> EncodedUploadKey =
        from key in UploadKey
        from lowerHex in Gen.Bool
        let encoded = string.Join('/', key.Split('/').Select(segment => WebUtility.UrlEncode(segment)))
        select (key, lowerHex ? LowerHex(encoded) : encoded);

    private static readonly Gen<JsonObject> ValidS3Record =
        from key in EncodedUploadKey
        from eventName in Gen.OneOf(CreatedEvents)
        from size in Gen.Long[0, 1L << 40]
        from extras in Gen.Bool
        select S3Record(Bucket, key.Encoded, eventName, size, extras);

    /// <summary>A valid body: 1-10 records (duplicates included), optionally inside an SNS envelope.</summary>
    private static readonly Gen<(string Body, List<string> Keys)> ValidS3Body =
        from records in Gen.Select(EncodedUploadKey, Gen.OneOf(CreatedEvents), Gen.Bool).List[1, 10]
        from duplicate in Gen.Bool
        from envelope in Gen.Bool
        let all = duplicate ? [.. records, records[0]] : records
        let body = new JsonObject { ["Records"] = new JsonArray([.. all.Select(r => (JsonNode)S3Record(Bucket, r.Item1.Encoded, r.Item2, 1000, r.Item3))]) }.ToJsonString()
        select (envelope ? Sns(body) : body, all.Select(r => r.Item1.Key).ToList());

    private static readonly Gen<(string Body, string Key, string JobId)> ValidConfirmBody =
        from key in UploadKey
        from jobId in Gen.String[Gen.Char["abcdef0123456789-_"], 1, 64].Where(id => char.IsAsciiLetterOrDigit(id[0]))
        select (new JsonObject { ["job_id"] = jobId, ["video_s3_key"] = key, ["video_s3_bucket"] = Bucket }.ToJsonString(), key, jobId);

    private static readonly Gen<string> AnyValidBody = Gen.OneOf(ValidS3Body.Select(b => b.Body), ValidConfirmBody.Select(b => b.Body));

    private static readonly Gen<string> HostileBody = Gen.Frequency(
        (4, RandomJson(5).Select(node => node?.ToJsonString() ?? "null")),
        (3, from body in AnyValidBody from cut in Gen.Double[0, 1] select body[..(int)(body.Length * cut)]),
        (3, from body in AnyValidBody from path in Gen.Int[0, 1000] from replacement in RandomJson(2) select Mutate(body, path, replacement)),
        (2, Gen.String[Gen.Char, 0, 200]),
        (1, from depth in Gen.Int[30, 5000] from open in Gen.OneOf("[", "{\"Records\":[", "{\"a\":") select string.Concat(Enumerable.Repeat(open, depth))),
        (1, from length in Gen.Int[10_000, 300_000] select "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"media\"},\"object\":{\"key\":\"uploads/" + new string('x', length) + ".mp4\"}}}]}"),
        (1, from key in Gen.String[Gen.Char, 1, 40] select "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"media\"},\"object\":{\"key\":" + JsonSerializer.Serialize(key) + "}}}]}"),
        (1, Gen.Const("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventName\":7,\"s3\":{\"bucket\":{\"name\":\"media\"},\"object\":{\"key\":\"uploads/a.mp4\",\"key\":null}}}]}")));

    [Fact]
    public void Valid_s3_events_are_never_malformed_and_carry_every_key_decoded_once() =>
        ValidS3Body.Sample(
            sample =>
            {
                var records = QueueMessageParser.Parse(sample.Body);

                Assert.Equal(sample.Keys.Count, records.Count);
                for (var i = 0; i < records.Count; i++)
                {
                    Assert.Null(records[i].MalformedReason);
                    var request = Assert.IsType<ObjectDispatchRequest>(records[i].Request);
                    Assert.Equal(Bucket, request.Bucket);
                    Assert.Equal(sample.Keys[i], request.Key);
                    Assert.Equal(MessageOrigin.S3Event, request.Origin);
                }
            },
            iter: Iterations);

    [Fact]
    public void Valid_upload_confirm_messages_are_never_malformed_and_keep_the_raw_key() =>
        ValidConfirmBody.Sample(
            sample =>
            {
                var request = Assert.IsType<ObjectDispatchRequest>(Assert.Single(QueueMessageParser.Parse(sample.Body)).Request);
                Assert.Equal(sample.Key, request.Key);
                Assert.Equal(sample.JobId, request.JobId);
            },
            iter: Iterations);

    [Fact]
    public void Any_body_parses_into_records_each_with_exactly_one_verdict_and_never_throws() =>
        HostileBody.Sample(
            body =>
            {
                var records = QueueMessageParser.Parse(body);

                Assert.NotEmpty(records);
                foreach (var record in records)
                {
                    var verdicts = (record.Request is null ? 0 : 1) + (record.IgnoredReason is null ? 0 : 1) + (record.MalformedReason is null ? 0 : 1);
                    Assert.Equal(1, verdicts);
                    if (record.Request is { } request)
                    {
                        Assert.False(string.IsNullOrEmpty(request.Bucket));
                        Assert.False(string.IsNullOrEmpty(request.Key));
                    }
                }
            },
            iter: Iterations);

    /// <summary>
    /// The handler over the real dispatcher (in-memory stores) with faults injected at HeadObject and RunTask: it always
    /// answers <c>{"batchItemFailures":[...]}</c> naming only messages of the batch, exactly those not acknowledged; never
    /// launches one object version twice; and with no fault injected every message is acknowledged.
    /// </summary>
    [Fact]
    public async Task The_lambda_handler_always_answers_a_well_formed_batch_response()
    {
        var message = Gen.Frequency((3, AnyValidBody), (2, HostileBody), (1, Gen.Const(string.Empty)));
        var batch =
            from bodies in message.List[1, 10]
            from sharedIds in Gen.Bool
            from launchFailures in Gen.Int[0, 3]
            from headFails in Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true)))
            select (bodies, sharedIds, launchFailures, headFails);

        await batch.SampleAsync(
            async sample =>
            {
                var (bodies, sharedIds, launchFailures, headFails) = sample;
                var harness = new DispatcherHarness(bodies, headFails);
                harness.Launcher.FailNext(launchFailures);
                var ids = bodies.Select((_, i) => sharedIds ? $"m{i % 3}" : $"m{i}").ToList();
                var payload = SqsEvent(ids, bodies);

                var answer = await new SqsBatchHandler(harness.Dispatcher).HandleAsync(new LambdaInvocation("r1", payload, DateTimeOffset.MaxValue), CancellationToken.None);

                using var response = JsonDocument.Parse(answer);
                var root = response.RootElement;
                Assert.Equal(JsonValueKind.Object, root.ValueKind);
                var failures = root.GetProperty("batchItemFailures");
                Assert.Equal(JsonValueKind.Array, failures.ValueKind);
                Assert.Single(root.EnumerateObject());
                var failed = failures.EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()!).ToList();
                Assert.All(failed, id => Assert.Contains(id, ids));
                if (launchFailures == 0 && !headFails)
                {
                    Assert.Empty(failed);
                }

                var launched = harness.Launcher.Launches.Select(l => new IdempotencyKey(l.S3Key, l.ETag)).ToList();
                Assert.Equal(launched.Distinct().Count(), launched.Count);
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public async Task A_payload_that_is_not_an_sqs_event_is_an_invocation_error_never_another_crash()
    {
        var payload = Gen.OneOf(
            Gen.Byte.Array[0, 300],
            RandomJson(4).Select(node => Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null")),
            Gen.Const(Encoding.UTF8.GetBytes("{\"Records\":[{\"body\":\"x\"}]}")));
        await payload.SampleAsync(
            async bytes =>
            {
                var harness = new DispatcherHarness([], headFails: false);
                try
                {
                    var answer = await new SqsBatchHandler(harness.Dispatcher).HandleAsync(new LambdaInvocation("r1", bytes, DateTimeOffset.MaxValue), CancellationToken.None);
                    using var response = JsonDocument.Parse(answer);
                    Assert.Equal(JsonValueKind.Array, response.RootElement.GetProperty("batchItemFailures").ValueKind);
                }
                catch (InvalidSqsEventException)
                {
                    // Reported to the Lambda runtime as an invocation error; the whole batch is redelivered.
                }
            },
            iter: 2_000,
            threads: 1);
    }

    /// <summary>Found by the property above: a null record crashed the handler with a NullReferenceException.</summary>
    [Fact]
    public void A_null_sqs_record_is_an_invalid_event_not_a_null_reference() =>
        Assert.Throws<InvalidSqsEventException>(() => SqsBatchHandler.ParseEvent(Encoding.UTF8.GetBytes("{\"Records\":[null]}")));

    private static byte[] SqsEvent(List<string> ids, List<string> bodies) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["Records"] = new JsonArray([.. bodies.Select((body, i) => (JsonNode)new JsonObject
            {
                ["messageId"] = ids[i],
                ["receiptHandle"] = "rh" + i.ToString(CultureInfo.InvariantCulture),
                ["body"] = body,
                ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1" },
                ["eventSource"] = "aws:sqs",
            })]),
        }.ToJsonString());

    private static JsonObject S3Record(string bucket, string encodedKey, string eventName, long size, bool extras)
    {
        var record = new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = "eu-west-1",
            ["eventName"] = eventName,
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["bucket"] = new JsonObject { ["name"] = bucket, ["arn"] = "arn:aws:s3:::" + bucket },
                ["object"] = new JsonObject { ["key"] = encodedKey, ["size"] = size, ["eTag"] = "0123456789abcdef0123456789abcdef", ["sequencer"] = "0055AED6DCD90281E5" },
            },
        };
        if (extras)
        {
            record["eventTime"] = "2026-11-29T12:00:00.000Z";
            record["userIdentity"] = new JsonObject { ["principalId"] = "AWS:AIDAEXAMPLE" };
            record["requestParameters"] = new JsonObject { ["sourceIPAddress"] = "203.0.113.7" };
            record["glacierEventData"] = null;
        }

        return record;
    }

    private static string Sns(string message) => new JsonObject { ["Type"] = "Notification", ["MessageId"] = "sns-1", ["Message"] = message }.ToJsonString();

    private static string LowerHex(string encoded) =>
        System.Text.RegularExpressions.Regex.Replace(encoded, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());

    /// <summary>Arbitrary JSON of bounded depth: wrong types in every position the parser reads.</summary>
    private static Gen<JsonNode?> RandomJson(int depth)
    {
        var leaf = Gen.OneOf(
            Gen.Const((JsonNode?)null),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Double.Select(d => (JsonNode?)(double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(0))),
            Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
            Gen.String[Gen.Char, 0, 30].Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.OneOf("aws:s3", "ObjectCreated:Put", "Records", "s3:TestEvent", "Notification", "uploads/a.mp4", "uploads/../a.mp4").Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth == 0)
        {
            return leaf;
        }

        var child = RandomJson(depth - 1);
        var names = Gen.OneOf("Records", "eventSource", "eventName", "s3", "bucket", "name", "object", "key", "Event", "Type", "Message", "job_id", "video_s3_key", "video_s3_bucket", "x");
        return Gen.Frequency(
            (3, leaf),
            (1, child.List[0, 4].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]))),
            (2, Gen.Select(names, child, (name, value) => (name, value)).List[0, 5].Select(pairs =>
            {
                var obj = new JsonObject();
                foreach (var (name, value) in pairs)
                {
                    obj[name] = value?.DeepClone();
                }

                return (JsonNode?)obj;
            })));
    }

    /// <summary>Replaces the <paramref name="path"/>-th node of a valid body (in document order) with another value.</summary>
    private static string Mutate(string body, int path, JsonNode? replacement)
    {
        var root = JsonNode.Parse(body)!;
        var nodes = new List<(JsonNode Parent, object Slot)>();
        void Walk(JsonNode node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj.ToList())
                    {
                        nodes.Add((obj, name));
                        if (value is not null)
                        {
                            Walk(value);
                        }
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        nodes.Add((array, i));
                        if (array[i] is { } item)
                        {
                            Walk(item);
                        }
                    }

                    break;
            }
        }

        Walk(root);
        if (nodes.Count == 0)
        {
            return body;
        }

        var (parent, slot) = nodes[path % nodes.Count];
        if (parent is JsonObject o)
        {
            o[(string)slot] = replacement?.DeepClone();
        }
        else
        {
            ((JsonArray)parent)[(int)slot] = replacement?.DeepClone();
        }

        return root.ToJsonString();
    }

    /// <summary>The real dispatcher over in-memory stores; every key a valid body can name exists in the bucket.</summary>
    private sealed class DispatcherHarness
    {
        public DispatcherHarness(IEnumerable<string> bodies, bool headFails)
        {
            var time = TimeProvider.System;
            var policy = new IdempotencyOptions();
            var objects = new FakeObjectStore();
            foreach (var request in bodies.SelectMany(QueueMessageParser.Parse).Select(r => r.Request).OfType<ObjectDispatchRequest>())
            {
                objects.Put(request.Bucket, request.Key, "etag-" + request.Key.Length.ToString(CultureInfo.InvariantCulture));
            }

            if (headFails)
            {
                objects.HeadFailure = new TimeoutException("injected: HeadObject timed out");
            }

            Dispatcher = new UploadDispatcher(
                new DispatcherOptions { JobsTableName = "jobs", IdempotencyTableName = "idem", VideosBucket = Bucket, MaxConcurrency = 4 },
                policy,
                objects,
                new InMemoryIdempotencyStore(policy, time),
                new InMemoryJobStore(),
                Launcher,
                time,
                NullLogger<UploadDispatcher>.Instance);
        }

        public RecordingTaskLauncher Launcher { get; } = new();

        public UploadDispatcher Dispatcher { get; }
    }
}
