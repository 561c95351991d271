using System.Text;
using System.Text.Json;
using Lifestream.Core.Pipeline.Model;

namespace Lifestream.Core.Pipeline.ProbeOnly;

/// <summary>
/// A deliberately minimal pipeline for the processor host until the analysis stages land: it probes the
/// input with ffprobe and writes summary.json / summary.md that say, in so many words, that speech,
/// scene and summary analysis were NOT run. It never emits empty transcripts or scenes that could be
/// mistaken for real results.
/// </summary>
public sealed class ProbeOnlyPipeline(TimeProvider? time = null) : IVideoPipeline
{
    public const string PipelineName = "probe-only";
    public const string SummaryMarkdown = "summary.md";
    public const string SummaryJson = "summary.json";

    /// <summary>The sentence both documents carry; tests and readers can rely on it.</summary>
    public const string NotAvailableNotice =
        "Analysis stages (speech recognition, diarization, scene detection, chunking, summarization) are not available in this build: this document only contains the media probe.";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private readonly TimeProvider time = time ?? TimeProvider.System;

    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Directory.CreateDirectory(request.OutputDirectory);

        progress?.Report(new StageProgress(MediaProber.Stage, StageState.Started, TimeSpan.Zero));
        var started = time.GetTimestamp();
        MediaInfo media;
        try
        {
            media = await MediaProber.ProbeAsync(request.MediaPath, cancellationToken);
        }
        catch (PipelineException)
        {
            progress?.Report(new StageProgress(MediaProber.Stage, StageState.Failed, time.GetElapsedTime(started)));
            throw;
        }

        var probeElapsed = time.GetElapsedTime(started);
        progress?.Report(new StageProgress(MediaProber.Stage, StageState.Completed, probeElapsed, $"{media.DurationSeconds:0.###} s"));

        var timings = new Dictionary<string, double>(StringComparer.Ordinal) { [MediaProber.Stage] = Math.Round(probeElapsed.TotalSeconds, 3) };
        var document = new ProbeOnlySummary
        {
            Pipeline = PipelineName,
            AnalysisAvailable = false,
            Notice = NotAvailableNotice,
            JobId = request.JobId,
            Source = request.Source,
            Media = media,
            StageTimings = timings,
            GeneratedAt = time.GetUtcNow(),
            Tool = ToolVersion(),
        };

        await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, SummaryJson), JsonSerializer.Serialize(document, JsonOptions), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(request.OutputDirectory, SummaryMarkdown), RenderMarkdown(document), cancellationToken);

        return new PipelineResult
        {
            Documents = [SummaryJson, SummaryMarkdown],
            StageTimings = timings,
            Warnings = [NotAvailableNotice],
        };
    }

    private static string RenderMarkdown(ProbeOnlySummary summary)
    {
        var m = summary.Media;
        var source = summary.Source.S3Key is not null ? $"s3://{summary.Source.S3Bucket}/{summary.Source.S3Key}" : Path.GetFileName(summary.Source.LocalPath ?? string.Empty);
        var text = new StringBuilder();
        text.AppendLine("# Lifestream summary (probe only)").AppendLine();
        text.AppendLine($"> **Not analysed.** {NotAvailableNotice}").AppendLine();
        text.AppendLine("| Property | Value |").AppendLine("|---|---|");
        text.AppendLine($"| Source | `{source}` |");
        text.AppendLine($"| Duration | {m.DurationSeconds:0.###} s |");
        text.AppendLine($"| Size | {m.SizeBytes} bytes |");
        text.AppendLine($"| Container | {m.Container} |");
        text.AppendLine($"| Video | {m.VideoCodec} {m.Width}x{m.Height} @ {m.FrameRate:0.###} fps |");
        text.AppendLine(m.HasAudio ? $"| Audio | {m.AudioCodec} {m.AudioSampleRate} Hz, {m.AudioChannels} ch |" : "| Audio | none |");
        return text.ToString();
    }

    private static string ToolVersion() =>
        typeof(FFMpegCore.FFProbe).Assembly.GetName().Version is { } v ? $"FFMpegCore {v.ToString(3)} + ffprobe" : "ffprobe";
}

/// <summary>The probe-only summary.json. <see cref="AnalysisAvailable"/> is always false.</summary>
public sealed record ProbeOnlySummary
{
    public required string Pipeline { get; init; }

    public required bool AnalysisAvailable { get; init; }

    public required string Notice { get; init; }

    public required string JobId { get; init; }

    public required MediaSource Source { get; init; }

    public required MediaInfo Media { get; init; }

    public required IReadOnlyDictionary<string, double> StageTimings { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    public required string Tool { get; init; }
}
