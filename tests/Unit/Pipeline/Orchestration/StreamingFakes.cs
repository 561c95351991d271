using System.Collections.Concurrent;
using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Tests.Unit.Pipeline.Documents;

namespace Lifestream.Tests.Unit.Pipeline.Orchestration;

/// <summary>Answers every probe with the same facts (or per-path ones) and records what it was asked to read.</summary>
internal sealed class RecordingProbe(MediaInfo media, Func<string, MediaInfo>? perPath = null) : IMediaProber
{
    public ConcurrentQueue<string> Paths { get; } = new();

    public Task<MediaInfo> ProbeAsync(string mediaPath, CancellationToken cancellationToken)
    {
        Paths.Enqueue(mediaPath);
        return Task.FromResult(perPath?.Invoke(mediaPath) ?? media);
    }
}

/// <summary>Probes the URL fine and fails the local file (a truncated upload: only the full-file checks catch it).</summary>
internal sealed class FailingLocalProbe(MediaInfo streamed, string localPath, Exception failure) : IMediaProber
{
    public Task<MediaInfo> ProbeAsync(string mediaPath, CancellationToken cancellationToken) =>
        mediaPath == localPath ? Task.FromException<MediaInfo>(failure) : Task.FromResult(streamed);
}

/// <summary>Fails on the URL (ffprobe could not read it) and gives the local file's verdict: <c>local</c> thrown.</summary>
internal sealed class FailingUrlProbe(string localPath, Exception local) : IMediaProber
{
    public Task<MediaInfo> ProbeAsync(string mediaPath, CancellationToken cancellationToken) =>
        Task.FromException<MediaInfo>(mediaPath == localPath ? local : new MediaUnreadableException("probe", MediaLocation.Describe(mediaPath), "ffprobe failed (Invalid data)"));
}

/// <summary>A speech branch that records where it read from and runs a scripted body first.</summary>
internal sealed class ScriptedSpeech(Func<string, CancellationToken, Task>? body = null) : ISpeechAnalyzer
{
    public string? MediaPath { get; private set; }

    public bool WasCancelled { get; private set; }

    public async Task<SpeechResult> AnalyzeAsync(string mediaPath, MediaInfo media, string workDirectory, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        MediaPath = mediaPath;
        try
        {
            if (body is not null)
            {
                await body(mediaPath, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            WasCancelled = true;
            throw;
        }

        var segments = SampleOutcome.Segments();
        return new SpeechResult
        {
            SpeechRegions = [],
            Turns = segments.Select(s => new SpeakerTurn(s.Speaker, s.Start, s.End)).ToList(),
            Segments = segments,
            Speakers = ["S1", "S2", "S3"],
            StageTimings = new Dictionary<string, double> { ["asr"] = 0.5 },
        };
    }
}

/// <summary>A video branch that records where it read from and whether the download was done when it started.</summary>
internal sealed class RecordingScenes(Task? download = null) : ISceneAnalyzer
{
    public string? MediaPath { get; private set; }

    public bool DownloadWasCompleteAtStart { get; private set; }

    public Task<SceneResult> AnalyzeAsync(string mediaPath, MediaInfo media, string outputDirectory, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        MediaPath = mediaPath;
        DownloadWasCompleteAtStart = download?.IsCompletedSuccessfully ?? true;
        return Task.FromResult(new SceneResult { Scenes = [new Scene(1, 0, 19, 0, 474), new Scene(2, 19, 34, 475, 849)] });
    }
}
