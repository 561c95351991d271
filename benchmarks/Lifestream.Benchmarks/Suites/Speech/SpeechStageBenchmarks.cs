using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Lifestream.Pipeline.Asr.PocketSphinx;
using Lifestream.Pipeline.Diarization;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Vad;

namespace Lifestream.Benchmarks.Suites.Speech;

/// <summary>
/// The offline speech stages on the 60 s fixture (audio decoded once in setup): VAD, pocketsphinx ASR over
/// the VAD regions (both cores), MFCC diarization. Baseline in the same run: Debian's pocketsphinx_continuous
/// CLI on the same 16 kHz WAV (one core, whole file), as the issue asks.
/// Whisper.net is not benchmarked: no ggml Whisper model can be obtained on these machines, and a figure
/// without the model would be made up; the report says so next to this suite's table.
/// Run: ./build.sh --target=Bench --bench-filter='*SpeechStage*'
/// </summary>
[MemoryDiagnoser]
public class SpeechStageBenchmarks
{
    private string wav = string.Empty;
    private AudioBuffer? audio;
    private IReadOnlyList<TimeRange> regions = [];
    private SileroVoiceActivityDetector? vad;
    private PocketSphinxRecognizer? recognizer;
    private ClusteringDiarizer? diarizer;

    [GlobalSetup]
    public void Setup()
    {
        var video = Path.Combine(Commands.EndToEnd.EndToEndBenchmark.FindRepositoryRoot(), "fixtures", "meeting-60s", "meeting-60s.mp4");
        wav = Path.Combine(Path.GetTempPath(), $"lifestream-bench-{Environment.ProcessId}.wav");
        using (var ffmpeg = Process.Start("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", video, "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", wav]))
        {
            ffmpeg.WaitForExit();
        }

        audio = new FfmpegAudioExtractor(new MediaOptions()).ExtractAsync(video, 60, CancellationToken.None).GetAwaiter().GetResult();
        vad = new SileroVoiceActivityDetector(new VadOptions());
        regions = vad.DetectAsync(audio, CancellationToken.None).GetAwaiter().GetResult();
        recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions());
        diarizer = new ClusteringDiarizer(new DiarizationOptions(), new MfccStatisticsEmbedder());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        recognizer?.Dispose();
        File.Delete(wav);
    }

    [Benchmark(Baseline = true, Description = "pocketsphinx_continuous CLI (whole file, 1 core)")]
    public int PocketSphinxCli()
    {
        using var process = Process.Start(new ProcessStartInfo("pocketsphinx_continuous", ["-infile", wav, "-time", "yes", "-logfn", "/dev/null"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text.Length;
    }

    [Benchmark(Description = "ASR: pocketsphinx on VAD regions (decoder pool)")]
    public async Task<int> Asr() => (await recognizer!.RecognizeAsync(audio!, regions, CancellationToken.None)).Count;

    [Benchmark(Description = "VAD: Silero v6 (ONNX)")]
    public async Task<int> Vad() => (await vad!.DetectAsync(audio!, CancellationToken.None)).Count;

    [Benchmark(Description = "diarization: MFCC statistics + clustering, count estimated")]
    public async Task<int> Diarization() => (await diarizer!.DiarizeAsync(audio!, regions, CancellationToken.None)).Count;
}
