using Lifestream.Core.Processing;

namespace Lifestream.Tests.Unit.Core.Processing;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData(
        "GET https://b.s3.amazonaws.com/k.mp4?X-Amz-Algorithm=AWS4&X-Amz-Signature=abc123 failed",
        "GET https://b.s3.amazonaws.com/k.mp4?[redacted] failed")]
    [InlineData("key AKIAIOSFODNN7EXAMPLE leaked", "key [redacted] leaked")]
    [InlineData("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG", "aws_secret_access_key=[redacted]")]
    [InlineData("X-Amz-Security-Token: FQoGZXIvYXdzE", "X-Amz-Security-Token: [redacted]")]
    [InlineData("plain message about uploads/a.mp4", "plain message about uploads/a.mp4")]
    public void Removes_credentials_and_keeps_the_rest(string input, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(input));

    [Fact]
    public void Truncates_long_text() =>
        Assert.Equal(10, SecretRedactor.RedactAndTruncate(new string('x', 50), 10).Length);
}
