using System.Runtime.InteropServices;

namespace Lifestream.Pipeline.Asr.PocketSphinx;

/// <summary>One native decoder (config + ps_decoder_t). Not thread-safe: one per worker.</summary>
internal sealed class PocketSphinxDecoder : IDisposable
{
    /// <summary>pocketsphinx frames are 10 ms.</summary>
    public const double FrameSeconds = 0.01;

    private IntPtr config;
    private IntPtr decoder;

    public PocketSphinxDecoder(PocketSphinxOptions options)
    {
        var arguments = options.ToArguments();
        var argv = arguments.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            try
            {
                config = PocketSphinxNative.CmdLnParseR(IntPtr.Zero, PocketSphinxNative.PsArgs(), argv.Length, argv, 1);
            }
            catch (DllNotFoundException ex)
            {
                throw new PocketSphinxException("libpocketsphinx.so.3 / libsphinxbase.so.3 not found (Debian: apt-get install libpocketsphinx3).", ex);
            }

            if (config == IntPtr.Zero)
            {
                throw new PocketSphinxException($"pocketsphinx rejected its arguments: {string.Join(' ', arguments)}");
            }

            decoder = PocketSphinxNative.PsInit(config);
            if (decoder == IntPtr.Zero)
            {
                _ = PocketSphinxNative.CmdLnFreeR(config); // returns the remaining reference count, not an error
                config = IntPtr.Zero;
                throw new PocketSphinxException($"ps_init failed for acoustic model '{options.AcousticModelPath}'.");
            }
        }
        finally
        {
            foreach (var arg in argv)
            {
                Marshal.FreeCoTaskMem(arg);
            }
        }
    }

    /// <summary>Decodes one utterance; words are (text, start frame, end frame inclusive, posterior).</summary>
    public unsafe List<(string Word, int StartFrame, int EndFrame, double Probability)> Decode(ReadOnlySpan<short> pcm)
    {
        Check(PocketSphinxNative.PsStartUtt(decoder), "ps_start_utt");
        fixed (short* data = pcm)
        {
            Check(PocketSphinxNative.PsProcessRaw(decoder, data, (nuint)pcm.Length, 0, 1), "ps_process_raw");
        }

        Check(PocketSphinxNative.PsEndUtt(decoder), "ps_end_utt");
        var words = new List<(string, int, int, double)>();
        if (PocketSphinxNative.PsGetHyp(decoder, out _) == IntPtr.Zero)
        {
            return words;
        }

        var logmath = PocketSphinxNative.PsGetLogmath(decoder);

        // ps_seg_next frees the iterator when it returns null, so only an early exit needs ps_seg_free.
        for (var seg = PocketSphinxNative.PsSegIter(decoder); seg != IntPtr.Zero; seg = PocketSphinxNative.PsSegNext(seg))
        {
            var word = Marshal.PtrToStringUTF8(PocketSphinxNative.PsSegWord(seg)) ?? string.Empty;
            PocketSphinxNative.PsSegFrames(seg, out var startFrame, out var endFrame);
            var logProbability = PocketSphinxNative.PsSegProb(seg, out _, out _, out _);
            words.Add((word, startFrame, endFrame, PocketSphinxNative.LogmathExp(logmath, logProbability)));
        }

        return words;
    }

    public void Dispose()
    {
        if (decoder != IntPtr.Zero)
        {
            _ = PocketSphinxNative.PsFree(decoder); // returns the remaining reference count, not an error
            decoder = IntPtr.Zero;
        }

        if (config != IntPtr.Zero)
        {
            _ = PocketSphinxNative.CmdLnFreeR(config); // returns the remaining reference count, not an error
            config = IntPtr.Zero;
        }
    }

    private static void Check(int result, string call)
    {
        if (result < 0)
        {
            throw new PocketSphinxException($"{call} failed with code {result}.");
        }
    }
}
