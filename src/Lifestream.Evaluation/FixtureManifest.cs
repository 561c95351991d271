using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifestream.Evaluation;

/// <summary>One reference turn of a fixture: who (speaker label and synthetic voice), when, and what was said.</summary>
public sealed record FixtureTurn(
    [property: JsonPropertyName("speaker")] string Speaker,
    [property: JsonPropertyName("voice")] string Voice,
    [property: JsonPropertyName("start")] double Start,
    [property: JsonPropertyName("end")] double End,
    [property: JsonPropertyName("text")] string Text);

/// <summary>The parts of fixtures/&lt;name&gt;/manifest.json the speech evaluation needs.</summary>
public sealed record FixtureManifest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("video")] string Video,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds,
    [property: JsonPropertyName("speakers")] IReadOnlyList<string> Speakers,
    [property: JsonPropertyName("turns")] IReadOnlyList<FixtureTurn> Turns)
{
    public const string FileName = "manifest.json";

    /// <exception cref="FileNotFoundException">No manifest in <paramref name="fixtureDirectory"/>.</exception>
    /// <exception cref="InvalidDataException">The manifest is not valid.</exception>
    public static async Task<FixtureManifest> LoadAsync(string fixtureDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(fixtureDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Fixture manifest not found: '{path}'.", path);
        }

        await using var stream = File.OpenRead(path);
        FixtureManifest? manifest;
        try
        {
            manifest = await JsonSerializer.DeserializeAsync<FixtureManifest>(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Fixture manifest '{path}' is not valid JSON: {ex.Message}", ex);
        }

        if (manifest is null || string.IsNullOrWhiteSpace(manifest.Video) || manifest.Turns is null || manifest.Turns.Count == 0)
        {
            throw new InvalidDataException($"Fixture manifest '{path}' lacks 'video' or 'turns'.");
        }

        return manifest;
    }
}
