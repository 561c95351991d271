using System.Text;
using Lifestream.Core.Uploads;

namespace Lifestream.Tests.Unit.Core.Uploads;

public sealed class UploadKeyRuleTests
{
    [Theory]
    [InlineData("uploads/../../root/.ssh/id_rsa.mp4", "'.' or '..'")]
    [InlineData("uploads/./video.mp4", "'.' or '..'")]
    [InlineData("uploads/a/../b.mp4", "'.' or '..'")]
    [InlineData("/uploads/a.mp4", "absolute")]
    [InlineData("C:/uploads/a.mp4", "absolute")]
    [InlineData("uploads\\..\\x.mp4", "backslash")]
    [InlineData("uploads/a\\b.mp4", "backslash")]
    [InlineData("uploads/a\u0000b.mp4", "control")]
    [InlineData("uploads/a\nb.mp4", "control")]
    [InlineData("uploads/a\u007Fb.mp4", "control")]
    [InlineData("uploads/a\u0085b.mp4", "control")]
    [InlineData("", "empty")]
    public void Unsafe_keys_are_refused_with_the_reason(string key, string reason)
    {
        var verdict = UploadKeyRule.Check(key);

        Assert.Equal(UploadKeyProblem.Unsafe, verdict.Problem);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        var key = "uploads/a" + (char)0xD800 + "b.mp4";

        var verdict = UploadKeyRule.Check(key);

        Assert.Equal(UploadKeyProblem.Unsafe, verdict.Problem);
        Assert.Contains("lone surrogate", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("videos/a.mp4", "not under")]
    [InlineData("uploads/a.avi", "does not end with .mp4 or .mov")]
    [InlineData("uploads/folder.mp4/", "folder")]
    [InlineData("uploads/", "folder")]
    [InlineData(" uploads/a.mp4", "not under")]
    public void Safe_keys_that_are_not_uploads_are_not_for_us(string key, string reason)
    {
        var verdict = UploadKeyRule.Check(key);

        Assert.Equal(UploadKeyProblem.NotAnUpload, verdict.Problem);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uploads/a.mp4")]
    [InlineData("uploads/a.MP4")]
    [InlineData("uploads/a.MoV")]
    [InlineData("uploads/deep/er/a.mov")]
    [InlineData("uploads/日本語 の 動画.mov")]
    [InlineData("uploads/émoji 🎬 talk.mp4")]
    [InlineData("uploads/a+b%20c.mp4")]
    [InlineData("uploads/a..b.mp4")]
    [InlineData("uploads/.hidden.mp4")]
    [InlineData("uploads/ leading space.mp4")]
    public void Unusual_but_harmless_upload_keys_are_accepted(string key) =>
        Assert.True(UploadKeyRule.Check(key).IsAccepted, UploadKeyRule.Check(key).Reason);

    [Fact]
    public void A_key_of_exactly_1024_utf8_bytes_is_accepted_and_one_byte_more_is_not()
    {
        // Three-byte characters, so the limit is on bytes, not characters.
        var body = new string('語', (UploadKeyRule.MaxKeyBytes - "uploads/".Length - ".mp4".Length) / 3);
        var padding = new string('a', UploadKeyRule.MaxKeyBytes - Encoding.UTF8.GetByteCount("uploads/" + body + ".mp4"));
        var exact = "uploads/" + body + padding + ".mp4";
        Assert.Equal(UploadKeyRule.MaxKeyBytes, Encoding.UTF8.GetByteCount(exact));

        Assert.True(UploadKeyRule.Check(exact).IsAccepted);
        var over = UploadKeyRule.Check("uploads/a" + body + padding + ".mp4");
        Assert.Equal(UploadKeyProblem.Unsafe, over.Problem);
        Assert.Contains("1025 bytes long, over S3's limit of 1024", over.Reason, StringComparison.Ordinal);
    }
}
