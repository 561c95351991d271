namespace Lifestream.Tests.Unit.Pipeline.Documents;

/// <summary>
/// Compares output with a committed file under Documents/Golden. Set LIFESTREAM_UPDATE_GOLDEN=1 to rewrite
/// the files after an intended change (then review the diff before committing).
/// </summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, string actual)
    {
        var source = Path.Combine(SourceDirectory(), "Golden", name);
        if (Environment.GetEnvironmentVariable("LIFESTREAM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, actual);
        }

        Assert.True(File.Exists(source), $"golden file {source} is missing (run once with LIFESTREAM_UPDATE_GOLDEN=1 and review it)");
        Assert.Equal(File.ReadAllText(source).ReplaceLineEndings("\n"), actual);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
