namespace Lifestream.Pipeline.ModelFiles;

/// <summary>
/// Finds the default location of fetched model files: the nearest <c>tools/models</c> folder above the application
/// directory (where tools/models/fetch-models.sh puts them). <see cref="ModelsDirectoryVariable"/> overrides it; the
/// hosts read it with the other settings (PipelineConfiguration).
/// </summary>
public static class ModelPaths
{
    public const string ModelsDirectoryVariable = "LIFESTREAM_MODELS_DIR";

    public static string? FindModelsDirectory()
    {
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
    /// <param name="modelsDirectory">A configured models directory; null: <see cref="FindModelsDirectory"/>.</param>
    public static string Resolve(string fileName, string? modelsDirectory = null) =>
        Path.Combine(modelsDirectory ?? FindModelsDirectory() ?? Path.Combine("tools", "models"), fileName);
}
