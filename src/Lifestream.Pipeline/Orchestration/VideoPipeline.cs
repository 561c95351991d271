using System.Diagnostics;
using System.Globalization;
using Lifestream.Core.Configuration;
using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Documents;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Summarization;

namespace Lifestream.Pipeline.Orchestration;

/// <summary>
/// The one pipeline both hosts run: probe → (audio branch ∥ video branch) → sentences and chunks →
/// summary → documents. The branches run concurrently; if one fails the other is cancelled. Every
/// stage's wall time goes to the result and summary.json; a failure surfaces as a
/// <see cref="PipelineException"/> naming the stage.
/// With streaming intake the probe and the audio branch read the presigned URL at once, while the video
/// branch (scene detection and keyframes seek and decode the whole picture) first waits for the download,
/// re-probes the local file with every integrity check ("verify") and uses that file. The documents use the
/// local file's facts, so both paths write the same results.
/// The pipeline owns the stages it is given: disposing it disposes those holding native resources (decoders,
/// ONNX sessions, models).
/// </summary>
public sealed class VideoPipeline : IStreamingVideoPipeline, IDisposable
{
    private readonly IMediaProber probe;
    private readonly ISpeechAnalyzer speech;
    private readonly ISceneAnalyzer scenes;
    private readonly TranscriptChunker chunker;
    private readonly ISummarizer summarizer;
    private readonly IDocumentWriter documents;
    private readonly SentenceSplitterOptions sentences;

    public VideoPipeline(
        IMediaProber probe,
        ISpeechAnalyzer speech,
        ISceneAnalyzer scenes,
        TranscriptChunker chunker,
        ISummarizer summarizer,
        IDocumentWriter? documents = null,
        SentenceSplitterOptions? sentences = null)
    {
        this.probe = probe ?? throw new ArgumentNullException(nameof(probe));
        this.speech = speech ?? throw new ArgumentNullException(nameof(speech));
        this.scenes = scenes ?? throw new ArgumentNullException(nameof(scenes));
        this.chunker = chunker ?? throw new ArgumentNullException(nameof(chunker));
        this.summarizer = summarizer ?? throw new ArgumentNullException(nameof(summarizer));
        this.documents = documents ?? new DocumentWriter();
        this.sentences = sentences ?? new SentenceSplitterOptions();
        this.sentences.ThrowIfInvalidArgument();
    }

    public void Dispose()
    {
        foreach (var stage in new object[] { this.probe, this.speech, this.scenes, this.summarizer, this.documents }.OfType<IDisposable>())
        {
            stage.Dispose();
        }
    }

    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var run = new RunState(progress);
        var media = await ProbeAsync(request.MediaPath, run.Tracker, cancellationToken);
        var local = new LocalMedia(request.MediaPath, media);
        return await AnalyzeAsync(request, run, request.MediaPath, media, _ => Task.FromResult(local), cancellationToken);
    }

    public async Task<PipelineResult> RunStreamingAsync(PipelineRequest request, StreamingIntake intake, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(intake);
        Validate(request);
        var run = new RunState(progress);
        var url = intake.Url.AbsoluteUri;
        MediaInfo streamed;
        try
        {
            streamed = await ProbeAsync(url, run.Tracker, cancellationToken);
        }
        catch (PipelineException ex) when (!cancellationToken.IsCancellationRequested && Lifestream.Core.Uploads.UploadLimitExceededException.FindIn(ex) is null)
        {
            // As for the audio branch: the downloaded file decides. A broken upload then fails exactly as without
            // streaming (an empty object is "empty (0 bytes)", not ffprobe's complaint about the URL), and an input
            // ffprobe could not read by URL runs the download-first path.
            var path = await intake.LocalFileReady.WaitAsync(cancellationToken);
            return await RunAsync(request with { MediaPath = path }, progress, cancellationToken);
        }

        return await AnalyzeAsync(request, run, url, streamed, token => VerifyDownloadAsync(intake, streamed, run.Tracker, token), cancellationToken);
    }

    private async Task<MediaInfo> ProbeAsync(string mediaPath, StageTracker tracker, CancellationToken cancellationToken)
    {
        var media = await tracker.RunAsync(PipelineStages.Probe, () => this.probe.ProbeAsync(mediaPath, cancellationToken), cancellationToken);
        if (!media.HasAudio && !media.HasVideo)
        {
            throw new PipelineException(PipelineStages.Probe, $"'{MediaLocation.Describe(mediaPath)}' has neither an audio nor a video stream.");
        }

        return media;
    }

    /// <summary>
    /// Waits for the download (a failed download propagates as is: the processor blames stage "download"), then
    /// probes the local file with every integrity check. The audio branch already works from the URL's facts, so
    /// a file that disagrees with them (another object behind the URL) fails the run rather than mixing inputs.
    /// </summary>
    private async Task<LocalMedia> VerifyDownloadAsync(StreamingIntake intake, MediaInfo streamed, StageTracker tracker, CancellationToken cancellationToken)
    {
        var path = await intake.LocalFileReady.WaitAsync(cancellationToken);
        var media = await tracker.RunAsync(PipelineStages.Verify, () => this.probe.ProbeAsync(path, cancellationToken), cancellationToken);
        if (media with { SizeBytes = streamed.SizeBytes } != streamed)
        {
            throw new PipelineException(PipelineStages.Verify, "The downloaded file's streams differ from what the presigned URL served (duration, codecs or streams); refusing to mix two inputs.");
        }

        return new LocalMedia(path, media);
    }

    /// <param name="audioPath">What the audio branch reads: the local file, or the URL with streaming intake.</param>
    /// <param name="audioMedia">The probe of <paramref name="audioPath"/>.</param>
    /// <param name="localMedia">The complete local file and its full probe; the video branch and the documents use these.</param>
    private async Task<PipelineResult> AnalyzeAsync(
        PipelineRequest request, RunState run, string audioPath, MediaInfo audioMedia, Func<CancellationToken, Task<LocalMedia>> localMedia, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(request.WorkDirectory);
        Directory.CreateDirectory(request.OutputDirectory);
        var (speech, scenes, local) = await RunBranchesAsync(request, audioPath, audioMedia, localMedia, run, cancellationToken);
        var media = local.Media;
        var tracker = run.Tracker;
        var timings = run.Timings;

        var (sentences, chunks) = await tracker.RunAsync(
            PipelineStages.Chunking,
            () =>
            {
                var split = SentenceSplitter.Split(speech.Segments, this.sentences);
                return Task.FromResult((split, this.chunker.Chunk(split, scenes.Scenes)));
            },
            cancellationToken);

        var summary = await tracker.RunAsync(
            PipelineStages.Summary,
            () => this.summarizer.SummarizeAsync(
                new SummaryInput { Sentences = sentences, Chunks = chunks, Scenes = scenes.Scenes, Segments = speech.Segments, DurationSeconds = media.DurationSeconds },
                cancellationToken),
            cancellationToken);

        var warnings = speech.Warnings.Concat(scenes.Warnings).Concat(summary.Warnings).ToList();
        var chunkEngine = new EngineInfo(PipelineStages.Chunking, "lifestream-chunker", "1", new Dictionary<string, string>
        {
            ["tokenizer"] = this.chunker.TokenizerName,
            ["maxTokens"] = this.chunker.Options.MaxTokens.ToString(CultureInfo.InvariantCulture),
            ["overlapTokens"] = this.chunker.Options.OverlapTokens.ToString(CultureInfo.InvariantCulture),
            ["sentencePauseSeconds"] = this.sentences.PauseSeconds.ToString(CultureInfo.InvariantCulture),
        });

        IReadOnlyList<string> documents = [];
        documents = await tracker.RunAsync(
            PipelineStages.Documents,
            () =>
            {
                // Documents record the timings so far; "documents" and "total" are estimated at write time.
                var snapshot = new Dictionary<string, double>(timings) { [PipelineStages.Total] = Stopwatch.GetElapsedTime(run.Started).TotalSeconds };
                var outcome = new PipelineOutcome
                {
                    JobId = request.JobId,
                    Source = request.Source,
                    MediaName = Path.GetFileName(request.Source.S3Key ?? request.Source.LocalPath ?? request.MediaPath),
                    Media = media,
                    Speech = speech,
                    Scenes = scenes,
                    Chunks = chunks,
                    Summary = summary,
                    Engines = [.. speech.Engines, .. scenes.Engines, chunkEngine, summary.Engine],
                    Timings = snapshot,
                    Warnings = warnings,
                };
                return this.documents.WriteAsync(outcome, request.OutputDirectory, cancellationToken);
            },
            cancellationToken);

        timings[PipelineStages.Total] = Stopwatch.GetElapsedTime(run.Started).TotalSeconds;
        return new PipelineResult { Documents = documents, StageTimings = timings, Warnings = warnings };
    }

    private async Task<(SpeechResult Speech, SceneResult Scenes, LocalMedia Local)> RunBranchesAsync(
        PipelineRequest request, string audioPath, MediaInfo audioMedia, Func<CancellationToken, Task<LocalMedia>> localMedia, RunState run, CancellationToken cancellationToken)
    {
        using var branches = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tracker = run.Tracker;
        var verified = localMedia(branches.Token);
        var audio = tracker.RunAsync(
            PipelineStages.Speech,
            () => audioMedia.HasAudio
                ? AnalyzeSpeechAsync(request, audioPath, audioMedia, verified, run, branches.Token)
                : Task.FromResult(SpeechResult.Empty("The input has no audio stream: no transcript.")),
            branches.Token);
        var video = RunVideoBranchAsync(request, verified, run, branches.Token);

        // First failure cancels the sibling branch; the first failure (not the sibling's cancellation) is reported.
        var first = await Task.WhenAny(audio, video);
        if (first.IsFaulted || first.IsCanceled)
        {
            await branches.CancelAsync();
            try
            {
                await Task.WhenAll(audio, video);
            }
            catch (Exception) when (!first.IsCanceled)
            {
                await first; // rethrows the original failure
            }
        }

        var speech = await audio;
        var (scenes, local) = await video;
        tracker.Merge(speech.StageTimings);
        tracker.Merge(scenes.StageTimings);
        return (speech, scenes, local);
    }

    /// <summary>
    /// The URL is a shortcut, never a new way to fail: if reading it breaks, the downloaded file decides. A file
    /// that fails its checks throws that verdict (the cause, and what the download-first path reports, e.g. a
    /// truncated upload); a file that passes is analysed again from disk (a legitimately undecodable track then
    /// fails twice, which costs time, not correctness).
    /// </summary>
    private async Task<SpeechResult> AnalyzeSpeechAsync(
        PipelineRequest request, string audioPath, MediaInfo audioMedia, Task<LocalMedia> local, RunState run, CancellationToken cancellationToken)
    {
        try
        {
            return await this.speech.AnalyzeAsync(audioPath, audioMedia, request.WorkDirectory, run.Progress, cancellationToken);
        }
        catch (Exception) when (MediaLocation.IsRemote(audioPath) && !cancellationToken.IsCancellationRequested)
        {
            var file = await local;
            return await this.speech.AnalyzeAsync(file.Path, file.Media, request.WorkDirectory, run.Progress, cancellationToken);
        }
    }

    /// <summary>The "video" wall time starts when the local file is there: waiting for the download is not scene work.</summary>
    private async Task<(SceneResult Scenes, LocalMedia Local)> RunVideoBranchAsync(
        PipelineRequest request, Task<LocalMedia> localMedia, RunState run, CancellationToken cancellationToken)
    {
        var local = await localMedia;
        var scenes = await run.Tracker.RunAsync(
            PipelineStages.Video,
            () => this.scenes.AnalyzeAsync(local.Path, local.Media, request.OutputDirectory, run.Progress, cancellationToken),
            cancellationToken);
        return (scenes, local);
    }

    private static void Validate(PipelineRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.JobId) || string.IsNullOrWhiteSpace(request.MediaPath)
            || string.IsNullOrWhiteSpace(request.WorkDirectory) || string.IsNullOrWhiteSpace(request.OutputDirectory))
        {
            throw new PipelineException("request", "PipelineRequest needs JobId, MediaPath, WorkDirectory and OutputDirectory.");
        }
    }

    /// <summary>A complete local file and its full probe.</summary>
    private sealed record LocalMedia(string Path, MediaInfo Media);

    /// <summary>One run's clock, timings and progress sink.</summary>
    private sealed class RunState
    {
        public RunState(IProgress<StageProgress>? progress)
        {
            Progress = progress;
            Tracker = new StageTracker(progress, Timings);
        }

        public long Started { get; } = Stopwatch.GetTimestamp();

        public Dictionary<string, double> Timings { get; } = [];

        public IProgress<StageProgress>? Progress { get; }

        public StageTracker Tracker { get; }
    }
}
