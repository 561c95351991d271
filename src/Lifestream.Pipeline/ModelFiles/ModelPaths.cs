namespace Lifestream.Pipeline.ModelFiles;

/// <summary>
/// Finds the default location of fetched model files: <c>LIFESTREAM_MODELS_DIR</c> if set, otherwise the
/// nearest <c>tools/models</c> folder above the application directory (where tools/models/fetch-models.sh puts them).
/// </summary>
public static class ModelPaths
{
    public const string ModelsDirectoryVariable = "LIFESTREAM_MODELS_DIR";

    public static string? FindModelsDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ModelsDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "models");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Path of <paramref name="fileName"/> in the models directory; a path under the current directory when none is found (verification then reports it missing).</summary>
    public static string Resolve(string fileName) => Path.Combine(FindModelsDirectory() ?? Path.Combine("tools", "models"), fileName);
}
