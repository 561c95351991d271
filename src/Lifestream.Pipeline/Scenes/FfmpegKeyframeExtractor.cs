using System.Globalization;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// One JPEG per scene, taken at the scene's middle: <c>ffmpeg -ss t -i video -frames:v 1</c>. Input
/// seeking jumps to the keyframe before <c>t</c> and decodes forward, so each still costs a fraction of
/// a GOP, not a second pass over the video.
/// </summary>
public sealed class FfmpegKeyframeExtractor : IKeyframeExtractor
{
    private readonly SceneAnalyzerOptions options;
    private readonly MediaToolRunner tools;

    public FfmpegKeyframeExtractor(SceneAnalyzerOptions options, MediaToolRunner? tools = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalidArgument();
        this.options = options;
        this.tools = tools ?? MediaToolRunner.OnPath;
    }

    public static string FileNameFor(Scene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        return string.Create(CultureInfo.InvariantCulture, $"scene-{scene.Index:000}.jpg");
    }

    public async Task<IReadOnlyList<Scene>> ExtractAsync(string mediaPath, IReadOnlyList<Scene> scenes, string outputDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        var directory = Path.Combine(outputDirectory, this.options.KeyframeDirectory);
        Directory.CreateDirectory(directory);
        var result = new Scene[scenes.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, scenes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = this.options.KeyframeParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var scene = scenes[i];
                var fileName = FileNameFor(scene);
                var path = Path.Combine(directory, fileName);

                // Middle of the scene; fall back to its first frame (e.g. a last scene shorter than the seek precision).
                var middle = scene.Start + ((scene.End - scene.Start) / 2);
                if (!await TryExtractAsync(mediaPath, middle, path, ct) && !await TryExtractAsync(mediaPath, scene.Start, path, ct))
                {
                    throw new KeyframeExtractionException($"ffmpeg wrote no keyframe for scene {scene.Index} ({scene.Start:0.###}s–{scene.End:0.###}s) of '{mediaPath}'.");
                }

                result[i] = scene with { Keyframe = $"{this.options.KeyframeDirectory}/{fileName}" };
            });
        return result;
    }

    private async Task<bool> TryExtractAsync(string mediaPath, double seconds, string path, CancellationToken cancellationToken)
    {
        var arguments = new MediaToolArguments("-nostdin", "-hide_banner", "-loglevel", "error", "-y")
            .Input(mediaPath, "-ss", seconds.ToString("0.000", CultureInfo.InvariantCulture))
            .Add(
                "-map", "0:v:0", "-frames:v", "1",
                "-vf", string.Create(CultureInfo.InvariantCulture, $"scale='min({this.options.KeyframeMaxWidth},iw)':-2"),
                "-q:v", this.options.KeyframeJpegQuality.ToString(CultureInfo.InvariantCulture),
                path);
        try
        {
            await this.tools.RunAsync(MediaTool.Ffmpeg, arguments, new MediaToolRun { Stage = SceneAnalyzer.KeyframesStage }, cancellationToken);
        }
        catch (MediaToolFailedException ex)
        {
            throw new KeyframeExtractionException($"ffmpeg exited with code {ex.ExitCode} extracting a keyframe at {seconds:0.###}s: {ex.StandardErrorTail}", ex);
        }

        var file = new FileInfo(path);
        return file.Exists && file.Length > 0;
    }
}
