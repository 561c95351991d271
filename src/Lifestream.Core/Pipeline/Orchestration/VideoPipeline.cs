using System.Diagnostics;
using System.Globalization;
using Lifestream.Core.Pipeline.Chunking;
using Lifestream.Core.Pipeline.Documents;
using Lifestream.Core.Pipeline.Media;
using Lifestream.Core.Pipeline.Model;
using Lifestream.Core.Pipeline.Summarization;

namespace Lifestream.Core.Pipeline.Orchestration;

/// <summary>
/// The one pipeline both hosts run: probe → (audio branch ∥ video branch) → sentences and chunks →
/// summary → documents. The branches run concurrently; if one fails the other is cancelled. Every
/// stage's wall time goes to the result and summary.json; a failure surfaces as a
/// <see cref="PipelineException"/> naming the stage.
/// </summary>
public sealed class VideoPipeline : IVideoPipeline
{
    private readonly IMediaProber _probe;
    private readonly ISpeechAnalyzer _speech;
    private readonly ISceneAnalyzer _scenes;
    private readonly TranscriptChunker _chunker;
    private readonly ISummarizer _summarizer;
    private readonly IDocumentWriter _documents;
    private readonly SentenceSplitterOptions _sentences;

    public VideoPipeline(
        IMediaProber probe,
        ISpeechAnalyzer speech,
        ISceneAnalyzer scenes,
        TranscriptChunker chunker,
        ISummarizer summarizer,
        IDocumentWriter? documents = null,
        SentenceSplitterOptions? sentences = null)
    {
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _speech = speech ?? throw new ArgumentNullException(nameof(speech));
        _scenes = scenes ?? throw new ArgumentNullException(nameof(scenes));
        _chunker = chunker ?? throw new ArgumentNullException(nameof(chunker));
        _summarizer = summarizer ?? throw new ArgumentNullException(nameof(summarizer));
        _documents = documents ?? new DocumentWriter();
        _sentences = sentences ?? new SentenceSplitterOptions();
        _sentences.Validate();
    }

    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var total = Stopwatch.GetTimestamp();
        var timings = new Dictionary<string, double>();
        var tracker = new StageTracker(progress, timings);

        var media = await tracker.RunAsync(PipelineStages.Probe, () => _probe.ProbeAsync(request.MediaPath, cancellationToken), cancellationToken);
        if (!media.HasAudio && !media.HasVideo)
        {
            throw new PipelineException(PipelineStages.Probe, $"'{request.MediaPath}' has neither an audio nor a video stream.");
        }

        Directory.CreateDirectory(request.WorkDirectory);
        Directory.CreateDirectory(request.OutputDirectory);
        var (speech, scenes) = await RunBranchesAsync(request, media, tracker, progress, cancellationToken);
        Merge(timings, speech.StageTimings);
        Merge(timings, scenes.StageTimings);

        var (sentences, chunks) = await tracker.RunAsync(
            PipelineStages.Chunking,
            () =>
            {
                var split = SentenceSplitter.Split(speech.Segments, _sentences);
                return Task.FromResult((split, _chunker.Chunk(split, scenes.Scenes)));
            },
            cancellationToken);

        var summary = await tracker.RunAsync(
            PipelineStages.Summary,
            () => _summarizer.SummarizeAsync(
                new SummaryInput { Sentences = sentences, Chunks = chunks, Scenes = scenes.Scenes, Segments = speech.Segments, DurationSeconds = media.DurationSeconds },
                cancellationToken),
            cancellationToken);

        var warnings = speech.Warnings.Concat(scenes.Warnings).Concat(summary.Warnings).ToList();
        var chunkEngine = new EngineInfo(PipelineStages.Chunking, "lifestream-chunker", "1", new Dictionary<string, string>
        {
            ["tokenizer"] = _chunker.TokenizerName,
            ["maxTokens"] = _chunker.Options.MaxTokens.ToString(CultureInfo.InvariantCulture),
            ["overlapTokens"] = _chunker.Options.OverlapTokens.ToString(CultureInfo.InvariantCulture),
            ["sentencePauseSeconds"] = _sentences.PauseSeconds.ToString(CultureInfo.InvariantCulture),
        });

        IReadOnlyList<string> documents = [];
        documents = await tracker.RunAsync(
            PipelineStages.Documents,
            () =>
            {
                // Documents record the timings so far; "documents" and "total" are estimated at write time.
                var snapshot = new Dictionary<string, double>(timings) { [PipelineStages.Total] = Stopwatch.GetElapsedTime(total).TotalSeconds };
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
                return _documents.WriteAsync(outcome, request.OutputDirectory, cancellationToken);
            },
            cancellationToken);

        timings[PipelineStages.Total] = Stopwatch.GetElapsedTime(total).TotalSeconds;
        return new PipelineResult { Documents = documents, StageTimings = timings, Warnings = warnings };
    }

    private async Task<(SpeechResult Speech, SceneResult Scenes)> RunBranchesAsync(
        PipelineRequest request, MediaInfo media, StageTracker tracker, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        using var branches = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var audio = tracker.RunAsync(
            PipelineStages.Speech,
            () => media.HasAudio
                ? _speech.AnalyzeAsync(request.MediaPath, media, request.WorkDirectory, progress, branches.Token)
                : Task.FromResult(SpeechResult.Empty("The input has no audio stream: no transcript.")),
            branches.Token);
        var video = tracker.RunAsync(
            PipelineStages.Video,
            () => _scenes.AnalyzeAsync(request.MediaPath, media, request.OutputDirectory, progress, branches.Token),
            branches.Token);

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

        return (await audio, await video);
    }

    private static void Validate(PipelineRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.JobId) || string.IsNullOrWhiteSpace(request.MediaPath)
            || string.IsNullOrWhiteSpace(request.WorkDirectory) || string.IsNullOrWhiteSpace(request.OutputDirectory))
        {
            throw new PipelineException("request", "PipelineRequest needs JobId, MediaPath, WorkDirectory and OutputDirectory.");
        }
    }

    private static void Merge(Dictionary<string, double> timings, IReadOnlyDictionary<string, double> stage)
    {
        foreach (var (name, seconds) in stage)
        {
            timings[name] = seconds;
        }
    }

    /// <summary>Reports Started/Completed/Failed, records wall time, wraps failures with the stage name.</summary>
    private sealed class StageTracker(IProgress<StageProgress>? progress, Dictionary<string, double> timings)
    {
        private readonly Lock _gate = new();

        public async Task<T> RunAsync<T>(string stage, Func<Task<T>> action, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            progress?.Report(new StageProgress(stage, StageState.Started, TimeSpan.Zero));
            try
            {
                var result = await action();
                var elapsed = Stopwatch.GetElapsedTime(started);
                lock (_gate)
                {
                    timings[stage] = elapsed.TotalSeconds;
                }

                progress?.Report(new StageProgress(stage, StageState.Completed, elapsed));
                return result;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                progress?.Report(new StageProgress(stage, StageState.Failed, Stopwatch.GetElapsedTime(started), "cancelled"));
                throw;
            }
            catch (PipelineException ex)
            {
                progress?.Report(new StageProgress(stage, StageState.Failed, Stopwatch.GetElapsedTime(started), ex.Message));
                throw;
            }
            catch (Exception ex)
            {
                progress?.Report(new StageProgress(stage, StageState.Failed, Stopwatch.GetElapsedTime(started), ex.Message));
                throw new PipelineException(stage, $"Stage '{stage}' failed: {ex.Message}", ex);
            }
        }
    }
}
