using System.Globalization;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.ModelFiles;
using Whisper.net;

namespace Lifestream.Pipeline.Asr.Whisper;

/// <summary>
/// Whisper.net (whisper.cpp) ASR. Create with <see cref="CreateAsync(WhisperOptions, CancellationToken)"/>: it
/// verifies the ggml file (size, header, SHA-256) before the native runtime sees it, then loads it once.
/// </summary>
public sealed class WhisperRecognizer : ISpeechRecognizer, IDisposable
{
    private readonly WhisperFactory factory;
    private readonly WhisperOptions options;
    private bool disposed;

    private WhisperRecognizer(WhisperFactory factory, WhisperOptions options)
    {
        this.factory = factory;
        this.options = options;
        Engine = new EngineInfo("asr", "whisper.net", typeof(WhisperFactory).Assembly.GetName().Version?.ToString() ?? "unknown", new Dictionary<string, string>
        {
            ["model"] = Path.GetFileName(options.ModelPath),
            ["modelSha256"] = options.ModelSha256.ToLowerInvariant(),
            ["language"] = options.Language,
            ["workers"] = options.WorkerCount.ToString(CultureInfo.InvariantCulture),
            ["threadsPerWorker"] = options.ThreadsPerWorker.ToString(CultureInfo.InvariantCulture),
        });
    }

    public EngineInfo Engine { get; }

    /// <exception cref="ArgumentException">An option is invalid (the message names the setting).</exception>
    /// <exception cref="ModelFileException">The model file is missing, has the wrong size, header or hash.</exception>
    /// <exception cref="WhisperModelLoadFailedException">The runtime refused the verified file.</exception>
    public static Task<WhisperRecognizer> CreateAsync(WhisperOptions options, CancellationToken cancellationToken)
        => CreateAsync(options, WhisperFactory.FromPath, cancellationToken);

    /// <summary>Seam for tests: <paramref name="loadNative"/> is the native load, which must not run for a bad file.</summary>
    internal static async Task<WhisperRecognizer> CreateAsync(WhisperOptions options, Func<string, WhisperFactory> loadNative, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalidArgument();
        await VerifyModelAsync(options, cancellationToken);
        try
        {
            return new WhisperRecognizer(loadNative(options.ModelPath), options);
        }
        catch (WhisperModelLoadException ex)
        {
            throw new WhisperModelLoadFailedException(options.ModelPath, ex);
        }
    }

    /// <summary>Size, ggml header and SHA-256 checks only (no native code).</summary>
    public static Task VerifyModelAsync(WhisperOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pin = new PinnedModelFile(options.ModelPath, options.ModelSha256, options.ModelSizeBytes, WhisperOptions.ModelPathSetting);
        return ModelFileVerifier.VerifyAsync(pin, stream => GgmlHeader.Check(stream, pin.SettingName, pin.Path), cancellationToken);
    }

    public Task<IReadOnlyList<RecognizedWord>> RecognizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> regions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(regions);
        // The native context is freed on dispose; a processor built from it afterwards would read freed memory.
        ObjectDisposedException.ThrowIf(disposed, this);
        return RegionScheduler.RunAsync(regions, options.WorkerCount, CreateProcessor, ReleaseProcessor, (processor, region, ct) => DecodeRegion(processor, audio, region, ct), cancellationToken);
    }

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            factory.Dispose();
        }
    }

    /// <summary>
    /// After a cancellation the native whisper_full can still be running when the managed enumerator gives up;
    /// WhisperProcessor.Dispose then throws ("Cannot dispose while processing"), which would replace the
    /// cancellation with a generic error and free the processor under the native call. DisposeAsync waits for it.
    /// </summary>
    private static void ReleaseProcessor(WhisperProcessor processor) => processor.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private WhisperProcessor CreateProcessor()
    {
        var builder = factory.CreateBuilder()
            .WithThreads(options.ThreadsPerWorker)
            .WithTokenTimestamps()
            .WithProbabilities()
            .WithNoContext();
        builder = options.Language == "auto" ? builder.WithLanguageDetection() : builder.WithLanguage(options.Language);
        return builder.Build();
    }

    private static List<RecognizedWord> DecodeRegion(WhisperProcessor processor, AudioBuffer audio, TimeRange region, CancellationToken cancellationToken)
    {
        var offset = (double)audio.IndexOf(region.Start) / audio.SampleRate;
        var samples = audio.Slice(region.Start, region.End);
        var tokens = new List<(string, long, long, float)>();
        var enumerator = processor.ProcessAsync(samples, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            // The region scheduler runs decoders on dedicated worker tasks; blocking here keeps one processor per worker.
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                foreach (var token in enumerator.Current.Tokens)
                {
                    tokens.Add((token.Text ?? string.Empty, token.Start, token.End, token.Probability));
                }
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return WhisperWordAssembler.Assemble(tokens, offset, (double)samples.Length / audio.SampleRate);
    }
}
