using System.Diagnostics;
using System.Globalization;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Integration.Scenes;

/// <summary>
/// The working frames and content scores are OpenCV's, byte for byte and bit for bit: the same video goes through
/// PySceneDetect's pipeline written with Debian's python3-opencv (cv2.VideoCapture, compute_downscale_factor,
/// cv2.resize INTER_LINEAR, cv2.cvtColor BGR2HSV, ContentDetector's mean pixel distances) and through ours, with
/// each frame source (the lifestream-frames helper and ffmpeg's pipe).
/// Skipped, saying why, where /usr/bin/python3 has no cv2.
/// </summary>
public sealed class OpenCvParityTests : IDisposable
{
    // content_detector.py's _calculate_frame_score with the default weights (1, 1, 1, edges 0) and
    // scene_manager.py's resize rule; frames are written as RGB (our buffers' channel order).
    private const string Reference = """
        import sys, cv2, numpy as np
        cap = cv2.VideoCapture(sys.argv[1])
        out = open(sys.argv[2], "wb")
        prev = None
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            h, w = frame.shape[:2]
            f = 1 if max(w, h) < 256 else max(w, h) / float(256)
            if f > 1.0:
                frame = cv2.resize(frame, (max(1, round(w / f)), max(1, round(h / f))), interpolation=cv2.INTER_LINEAR)
            out.write(np.ascontiguousarray(frame[:, :, ::-1]).tobytes())
            hsv = cv2.split(cv2.cvtColor(frame, cv2.COLOR_BGR2HSV))
            if prev is None:
                print(repr(0.0))
            else:
                n = float(hsv[0].shape[0] * hsv[0].shape[1])
                d = [np.sum(np.abs(a.astype(np.int32) - b.astype(np.int32))) / n for a, b in zip(hsv, prev)]
                print(repr(sum(c * 1.0 for c in d + [0.0 * 0.0]) / 3.0))
            prev = hsv
        """;

    private static readonly Lazy<string?> OpenCvMissing = new(() =>
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import cv2"]) { RedirectStandardError = true, UseShellExecute = false })!;
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : "/usr/bin/python3 cannot import cv2 (Debian package python3-opencv is not installed)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "/usr/bin/python3 is not installed";
        }
    });

    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("lifestream-opencv-");

    public void Dispose() => dir.Delete(recursive: true);

    [SkippableTheory]
    [InlineData(640, 360, Colour.Untagged)] // factor 2.5: resizeGeneric_, every row through the 16-lane vertical loop
    [InlineData(512, 288, Colour.Untagged)] // factor 2: OpenCV switches INTER_LINEAR to resizeAreaFast_
    [InlineData(360, 640, Colour.Untagged)] // portrait, 144 columns: 8-lane and scalar vertical tails
    [InlineData(1280, 720, Colour.Untagged)] // integral factor 5, still linear
    [InlineData(718, 404, Colour.Untagged)] // 2.8046875: uneven taps, 256 x 144
    [InlineData(250, 140, Colour.Untagged)] // below 256: not resized
    [InlineData(1280, 720, Colour.Bt709)] // HD footage's tag: OpenCV still converts with BT.601
    [InlineData(1920, 1080, Colour.Bt709)] // the same at full HD, where only the rows the resize reads are converted
    [InlineData(640, 360, Colour.FullRange)] // yuvj420p: the full-range conversion
    [InlineData(640, 360, Colour.Yuv444)] // not 4:2:0: the helper converts whole frames
    public async Task Working_frames_and_scores_are_opencvs(int width, int height, Colour colour)
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        Skip.If(OpenCvMissing.Value is not null, OpenCvMissing.Value);
        var video = Path.Combine(dir.FullName, $"{width}x{height}-{colour}.{(colour is Colour.Untagged or Colour.Yuv444 ? "mkv" : "mp4")}");
        string[] encode = colour switch
        {
            Colour.Bt709 => ["format=yuv420p", "-c:v", "libx264", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"],
            Colour.FullRange => ["format=yuvj420p", "-c:v", "libx264", "-color_range", "pc"],
            Colour.Yuv444 => ["format=yuv444p", "-c:v", "ffv1"],
            _ => ["format=yuv420p", "-c:v", "ffv1"],
        };
        SceneFixtures.Ffmpeg(
            [
                "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=10:duration=2",
                "-f", "lavfi", "-i", $"mandelbrot=size={width}x{height}:rate=10",
                "-filter_complex", "[0][1]overlay=enable='gte(t,1)':shortest=1," + encode[0], .. encode[1..], video,
            ]);
        var (expectedFrames, expectedScores) = RunReference(video);

        IAnalysisFrameSource[] sources = [new LibavFrameSource(), new FfmpegFrameSource()];
        Assert.True(MediaToolRunner.OnPath.IsInstalled(MediaTool.FrameDecoder), "lifestream-frames is not next to the test assemblies: the build needs gcc, pkg-config and the libav* -dev packages (scripts/setup.sh)");
        foreach (var source in sources)
        {
            var detector = new ContentDetector();
            var index = 0;
            await foreach (var frame in source.ReadAsync(video, CancellationToken.None))
            {
                Assert.Equal(PySceneDetectDownscale.WorkingSize(width, height), (frame.Width, frame.Height));
                var expected = expectedFrames.AsSpan(index * frame.Rgb.Length, frame.Rgb.Length);
                var differing = CountDifferences(expected, frame.Rgb);
                Assert.True(differing == 0, $"{source.GetType().Name}, frame {index}: {differing} of {frame.Rgb.Length} bytes differ from OpenCV's");
                detector.Process(frame);
                Assert.Equal(expectedScores[index], detector.LastScore);
                index++;
            }

            Assert.Equal(expectedScores.Count, index);
        }
    }

    public enum Colour
    {
        Untagged,
        Bt709,
        FullRange,
        Yuv444,
    }

    private (byte[] Frames, List<double> Scores) RunReference(string video)
    {
        var script = Path.Combine(dir.FullName, "reference.py");
        var frames = Path.Combine(dir.FullName, "reference.rgb");
        File.WriteAllText(script, Reference);
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, video, frames]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "reference failed: " + error.Result);
        var scores = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();
        return (File.ReadAllBytes(frames), scores);
    }

    private static int CountDifferences(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            count += a[i] == b[i] ? 0 : 1;
        }

        return count;
    }
}
