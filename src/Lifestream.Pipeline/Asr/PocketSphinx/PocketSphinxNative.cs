using System.Runtime.InteropServices;

namespace Lifestream.Pipeline.Asr.PocketSphinx;

/// <summary>
/// P/Invoke surface of Debian's libpocketsphinx3 / libsphinxbase3 (0.8+5prealpha API: ps_start_utt without an
/// utterance id, ps_get_hyp and ps_seg_iter without score out-parameters). The variadic cmd_ln_init is avoided:
/// arguments go through cmd_ln_parse_r.
/// </summary>
internal static partial class PocketSphinxNative
{
    private const string PocketSphinx = "libpocketsphinx.so.3";
    private const string SphinxBase = "libsphinxbase.so.3";

    [LibraryImport(PocketSphinx, EntryPoint = "ps_args")]
    public static partial IntPtr PsArgs();

    [LibraryImport(SphinxBase, EntryPoint = "cmd_ln_parse_r")]
    public static partial IntPtr CmdLnParseR(IntPtr inoutCmdln, IntPtr definitions, int argc, IntPtr[] argv, int strict);

    [LibraryImport(SphinxBase, EntryPoint = "cmd_ln_free_r")]
    public static partial int CmdLnFreeR(IntPtr cmdln);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_init")]
    public static partial IntPtr PsInit(IntPtr config);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_free")]
    public static partial int PsFree(IntPtr decoder);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_start_utt")]
    public static partial int PsStartUtt(IntPtr decoder);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_process_raw")]
    public static unsafe partial int PsProcessRaw(IntPtr decoder, short* data, nuint samples, int noSearch, int fullUtt);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_end_utt")]
    public static partial int PsEndUtt(IntPtr decoder);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_get_hyp")]
    public static partial IntPtr PsGetHyp(IntPtr decoder, out int bestScore);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_iter")]
    public static partial IntPtr PsSegIter(IntPtr decoder);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_next")]
    public static partial IntPtr PsSegNext(IntPtr segment);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_free")]
    public static partial void PsSegFree(IntPtr segment);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_word")]
    public static partial IntPtr PsSegWord(IntPtr segment);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_frames")]
    public static partial void PsSegFrames(IntPtr segment, out int startFrame, out int endFrame);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_prob")]
    public static partial int PsSegProb(IntPtr segment, out int acousticScore, out int languageScore, out int languageBackoff);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_get_logmath")]
    public static partial IntPtr PsGetLogmath(IntPtr decoder);

    [LibraryImport(SphinxBase, EntryPoint = "logmath_exp")]
    public static partial double LogmathExp(IntPtr logmath, int logValue);
}
