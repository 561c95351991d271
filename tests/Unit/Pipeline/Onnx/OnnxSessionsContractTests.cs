namespace Lifestream.Tests.Unit.Pipeline.Onnx;

/// <summary>
/// ONNX Runtime sessions and their options (which load the native runtime) are created only through <c>OnnxSessions</c>, which turns the runtime's telemetry off first
/// (its offline store is a file in TMPDIR, its uploader a network client); a session made elsewhere would bring both back.
/// </summary>
public sealed class OnnxSessionsContractTests
{
    [Fact]
    public void No_source_file_but_OnnxSessions_constructs_an_InferenceSession_or_its_options()
    {
        var src = Path.Combine(TestFixtures.Root, "src");
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "OnnxSessions.cs")
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("new InferenceSession(", StringComparison.Ordinal) || text.Contains("new SessionOptions", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(src, f))
            .ToList();

        Assert.True(offenders.Count == 0, $"construct sessions through OnnxSessions.Create: {string.Join(", ", offenders)}");
        Assert.True(File.Exists(Path.Combine(src, "Lifestream.Pipeline", "Onnx", "OnnxSessions.cs")), "OnnxSessions.cs moved: update this test");
    }
}
