using System.Globalization;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

/// <summary>The steps PySceneDetect delegates to OpenCV and Python, checked value for value.</summary>
public class PySceneDetectEquivalenceTests
{
    [Fact]
    public void Hsv_conversion_matches_opencv_on_every_recorded_colour()
    {
        // Data/opencv-bgr2hsv.txt was written by cv2.cvtColor(frame, cv2.COLOR_BGR2HSV) (OpenCV 4.6.0, Debian's
        // python3-opencv): a 16-level RGB grid, 2000 seeded random colours and near-grey / near-primary pixels.
        var lines = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Pipeline", "Scenes", "Data", "opencv-bgr2hsv.txt")).Where(l => !l.StartsWith('#')).ToList();
        var mismatches = new List<string>();
        foreach (var line in lines)
        {
            var v = line.Split(' ').Select(x => byte.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            var ours = HsvFrame.ToHsv(v[0], v[1], v[2]);
            if (ours != (v[3], v[4], v[5]))
            {
                mismatches.Add($"rgb({v[0]},{v[1]},{v[2]}): opencv hsv({v[3]},{v[4]},{v[5]}), ours hsv({ours.Hue},{ours.Saturation},{ours.Value})");
            }
        }

        Assert.True(lines.Count > 6000, "the OpenCV reference table is missing or truncated");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
    }

    [Theory]
    [InlineData(255, 0, 0, 0, 255, 255)]
    [InlineData(0, 255, 0, 60, 255, 255)]
    [InlineData(0, 0, 255, 120, 255, 255)]
    [InlineData(255, 255, 0, 30, 255, 255)]
    [InlineData(128, 128, 128, 0, 0, 128)]
    // v = 30, diff = 20: s = (20 * round(1044480 / 30) + 2048) >> 12 = 698368 >> 12 = 170;
    // blue sector: h = r - g + 4 diff = 70, (70 * round(737280 / 120) + 2048) >> 12 = 432128 >> 12 = 105.
    [InlineData(10, 20, 30, 105, 170, 30)]
    public void Hand_computed_pixels_convert_as_opencv_does(byte r, byte g, byte b, byte h, byte s, byte v)
    {
        Assert.Equal((h, s, v), HsvFrame.ToHsv(r, g, b));
    }

    [Theory]
    [InlineData(640, 360, 256, 144)] // factor 2.5
    [InlineData(1920, 1080, 256, 144)] // 7.5
    [InlineData(1280, 720, 256, 144)] // 5
    [InlineData(720, 576, 256, 205)] // 576 / 2.8125 = 204.8
    [InlineData(720, 480, 256, 171)] // 170.67
    [InlineData(360, 640, 144, 256)] // portrait: the long edge decides
    [InlineData(1536, 15, 256, 2)] // 15 / 6 = 2.5: Python rounds ties to even
    [InlineData(1536, 9, 256, 2)] // 1.5 -> 2
    [InlineData(2048, 2, 256, 1)] // 0.25 -> max(1, 0)
    [InlineData(256, 144, 256, 144)] // factor 1.0: not resized
    [InlineData(200, 100, 200, 100)] // below 256: factor 1
    public void Working_size_follows_compute_downscale_factor_and_python_round(int width, int height, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), PySceneDetectDownscale.WorkingSize(width, height));
    }

    [Fact]
    public void Content_score_is_the_weighted_mean_of_the_channel_mean_absolute_differences()
    {
        // Two 2x1 frames: pixel 0 red -> green (dH = 60, dS = 0, dV = 0), pixel 1 black -> grey 90 (dV = 90).
        // Means over 2 pixels: dH 30, dS 0, dV 45; content_val = (30 + 0 + 45) / 3 = 25.
        var a = HsvFrame.FromRgb(AnalysisFrame.Create(0, 0, 2, 1, [255, 0, 0, 0, 0, 0]));
        var b = HsvFrame.FromRgb(AnalysisFrame.Create(1, 0, 2, 1, [0, 255, 0, 90, 90, 90]));

        var score = ContentScorer.Score(a, b);

        Assert.Equal(new ContentScore(30, 0, 45), score);
        Assert.Equal(25.0, score.Combined(ContentWeights.Default));
        Assert.Equal(30.0, score.Combined(new ContentWeights(1, 0, 0)));
    }
}
