using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Media.Tools;

namespace Lifestream.Tests.Unit.Pipeline.Media.Tools;

public sealed class MediaToolArgumentsTests
{
    private const string Url = "https://videos.s3.amazonaws.com/uploads/a.mp4?X-Amz-Credential=ASIAEXAMPLEEXAMPLE12&X-Amz-Signature=feedface";

    [Fact]
    public void A_local_input_gets_its_options_then_dash_i_and_nothing_else()
    {
        var arguments = new MediaToolArguments("-nostdin", "-v", "error").Input("/tmp/in.mp4", "-ss", "1.500").Add("-f", "null", "-");

        Assert.Equal(["-nostdin", "-v", "error", "-ss", "1.500", "-f", "mov", "-protocol_whitelist", "file", "-i", "/tmp/in.mp4", "-f", "null", "-"], arguments.ToList());
        Assert.Equal(["/tmp/in.mp4"], arguments.Inputs);
    }

    [Fact]
    public void A_url_input_also_gets_the_http_read_options_before_dash_i()
    {
        var arguments = new MediaToolArguments().Input(Url).ToList();

        Assert.Equal([.. MediaLocation.InputOptions(Url), "-i", Url], arguments);
        Assert.Contains("-rw_timeout", arguments);
    }

    [Fact]
    public void Inputs_can_only_be_added_through_Input()
    {
        Assert.Throws<ArgumentException>(() => new MediaToolArguments("-i", "/tmp/x.mp4"));
        Assert.Throws<ArgumentException>(() => new MediaToolArguments().Add("-y", "-i", "/tmp/x.mp4"));
    }

    [Fact]
    public void Redact_shows_url_inputs_without_their_query_and_removes_other_secrets()
    {
        var arguments = new MediaToolArguments().Input(Url);

        var redacted = arguments.Redact($"{Url}: Server returned 403 Forbidden");

        Assert.DoesNotContain("feedface", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("ASIAEXAMPLEEXAMPLE12", redacted, StringComparison.Ordinal);
        Assert.Contains(MediaLocation.Describe(Url), redacted, StringComparison.Ordinal);
    }
}
