using System.Collections.Concurrent;
using System.Globalization;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Asr.PocketSphinx;

/// <summary>
/// Offline ASR with CMU pocketsphinx (Debian en-us model) through P/Invoke. Each VAD region is one utterance;
/// regions are spread over <see cref="PocketSphinxOptions.WorkerCount"/> decoders.
/// </summary>
public sealed class PocketSphinxRecognizer : ISpeechRecognizer, IDisposable
{
    private readonly PocketSphinxOptions options;

    // Loading the en-us dictionary and language model takes about a second per decoder, so decoders are kept
    // for the recognizer's lifetime and reused across calls.
    private readonly ConcurrentBag<PocketSphinxDecoder> idle = [];
    private readonly Lock warmUpLock = new();
    private Task? warmUp;
    private bool disposed;

    public PocketSphinxRecognizer(PocketSphinxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalidArgument();
        this.options = options;
        Engine = new EngineInfo("asr", "pocketsphinx", "0.8+5prealpha (Debian libpocketsphinx3)", new Dictionary<string, string>
        {
            ["acousticModel"] = options.AcousticModelPath,
            ["languageModel"] = options.LanguageModelPath,
            ["dictionary"] = options.DictionaryPath,
            ["workers"] = options.WorkerCount.ToString(CultureInfo.InvariantCulture),
            ["flatLexiconSecondPass"] = options.FlatLexiconSecondPass ? "true" : "false",
            ["topGaussians"] = options.TopGaussians.ToString(CultureInfo.InvariantCulture),
            ["maxHmmsPerFrame"] = options.MaxHmmsPerFrame.ToString(CultureInfo.InvariantCulture),
            ["maxWordsPerFrame"] = options.MaxWordsPerFrame.ToString(CultureInfo.InvariantCulture),
            ["extraArguments"] = string.Join(' ', options.ExtraArguments),
        });
    }

    public EngineInfo Engine { get; }

    /// <summary>
    /// Creates the worker decoders one after another on a background thread (ps_init swaps pocketsphinx's
    /// process-wide log file, so decoders must never be created concurrently with each other or with a decode).
    /// <see cref="RecognizeAsync"/> waits for it before renting a decoder.
    /// </summary>
    public Task WarmUpAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        lock (warmUpLock)
        {
            return warmUp ??= Task.Run(
                () =>
                {
                    for (var i = idle.Count; i < options.WorkerCount && !cancellationToken.IsCancellationRequested; i++)
                    {
                        idle.Add(new PocketSphinxDecoder(options));
                    }
                },
                CancellationToken.None);
        }
    }

    public async Task<IReadOnlyList<RecognizedWord>> RecognizeAsync(AudioBuffer audio, IReadOnlyList<TimeRange> regions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(regions);
        if (audio.SampleRate != 16_000)
        {
            throw new ArgumentException($"The pocketsphinx en-us model needs 16000 Hz audio; got {audio.SampleRate} Hz.", nameof(audio));
        }

        Task? pending;
        lock (warmUpLock)
        {
            pending = warmUp;
        }

        if (pending is not null)
        {
            await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await RegionScheduler.RunAsync(
            regions,
            options.WorkerCount,
            Rent,
            Release,
            (decoder, region, _) => DecodeRegion(decoder, audio, region),
            cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        disposed = true;
        try
        {
            // Decoders still being created would otherwise be added after the bag was emptied.
            warmUp?.Wait();
        }
        catch (AggregateException)
        {
            // The failure was reported to whoever awaited the warm-up; nothing more to free.
        }

        while (idle.TryTake(out var decoder))
        {
            decoder.Dispose();
        }
    }

    private PocketSphinxDecoder Rent()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return idle.TryTake(out var decoder) ? decoder : new PocketSphinxDecoder(options);
    }

    private void Release(PocketSphinxDecoder decoder)
    {
        if (disposed)
        {
            decoder.Dispose();
        }
        else
        {
            idle.Add(decoder);
        }
    }

    /// <summary>Strips pocketsphinx markers: alternate pronunciations "word(2)" → "word"; fillers/silence → null.</summary>
    internal static string? CleanWord(string word)
    {
        if (word.Length == 0 || word[0] is '<' or '[' || word.StartsWith("++", StringComparison.Ordinal))
        {
            return null;
        }

        var paren = word.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? word[..paren] : word;
    }

    private static List<RecognizedWord> DecodeRegion(PocketSphinxDecoder decoder, AudioBuffer audio, TimeRange region)
    {
        var samples = audio.Slice(region.Start, region.End).Span;
        var pcm = new short[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(samples[i] * 32768f, short.MinValue, short.MaxValue);
        }

        var offset = (double)audio.IndexOf(region.Start) / audio.SampleRate;
        var words = new List<RecognizedWord>();
        foreach (var (raw, startFrame, endFrame, probability) in decoder.Decode(pcm))
        {
            var text = CleanWord(raw);
            if (text is null)
            {
                continue;
            }

            var start = offset + (startFrame * PocketSphinxDecoder.FrameSeconds);
            var end = offset + ((endFrame + 1) * PocketSphinxDecoder.FrameSeconds);
            words.Add(new RecognizedWord(text, Math.Round(start, 3), Math.Round(Math.Min(end, region.End), 3), Math.Clamp(probability, 0, 1)));
        }

        return words;
    }
}
