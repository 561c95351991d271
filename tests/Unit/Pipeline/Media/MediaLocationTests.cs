using Lifestream.Pipeline.Media;

namespace Lifestream.Tests.Unit.Pipeline.Media;

public sealed class MediaLocationTests
{
    private const string Url = "https://videos.s3.eu-west-1.amazonaws.com/uploads/a%20b.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLEEXAMPLE12%2F20261129&X-Amz-Security-Token=tok&X-Amz-Signature=feedface";

    [Theory]
    [InlineData("/tmp/job/input/source.mp4", false)]
    [InlineData("http://127.0.0.1:4566/b/k.mp4?X-Amz-Signature=x", true)]
    [InlineData("HTTPS://example.com/k.mp4", true)]
    [InlineData("file:///tmp/x.mp4", false)]
    public void Recognises_urls_ffmpeg_reads_over_http(string location, bool remote) =>
        Assert.Equal(remote, MediaLocation.IsRemote(location));

    [Fact]
    public void Describe_drops_the_query_with_the_signature_and_keeps_local_paths()
    {
        Assert.Equal("https://videos.s3.eu-west-1.amazonaws.com/uploads/a%20b.mp4?[redacted]", MediaLocation.Describe(Url));
        Assert.Equal("/tmp/x.mp4", MediaLocation.Describe("/tmp/x.mp4"));
    }

    [Fact]
    public void RedactIn_removes_the_url_from_tool_output()
    {
        var stderr = $"{Url}: Server returned 403 Forbidden (access denied)\n[http @ 0x1] token=tok";

        var redacted = MediaLocation.RedactIn(stderr, Url);

        Assert.DoesNotContain("feedface", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("ASIAEXAMPLEEXAMPLE12", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("=tok", redacted, StringComparison.Ordinal);
        Assert.Contains("Server returned 403 Forbidden", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_inputs_get_a_read_timeout_and_reconnects_and_local_files_get_none()
    {
        var options = MediaLocation.InputOptions(Url);

        Assert.Equal("30000000", options[options.ToList().IndexOf("-rw_timeout") + 1]);
        Assert.Contains("-reconnect", options);
        Assert.DoesNotContain("-rw_timeout", MediaLocation.InputOptions("/tmp/x.mp4"));
    }

    [Theory]
    [InlineData("/tmp/x.mp4", "file")]
    [InlineData("/tmp/x.MOV", "file")]
    [InlineData(Url, "https,tls,tcp,http")]
    public void Uploads_are_read_with_the_mov_demuxer_only_and_a_protocol_whitelist(string input, string protocols)
    {
        var options = MediaLocation.InputOptions(input).ToList();

        Assert.Equal("mov", options[options.IndexOf("-f") + 1]);
        Assert.Equal(protocols, options[options.IndexOf("-protocol_whitelist") + 1]);
    }

    [Fact]
    public void Other_local_names_keep_format_detection_under_the_file_only_whitelist()
    {
        var options = MediaLocation.InputOptions("/data/ami/meeting.wav").ToList();

        Assert.DoesNotContain("-f", options);
        Assert.Equal("file", options[options.IndexOf("-protocol_whitelist") + 1]);
    }
}
