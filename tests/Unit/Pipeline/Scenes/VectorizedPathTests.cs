using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

/// <summary>
/// The vectorized BGR→HSV conversion and resize pass produce the scalar reference's bytes, which the hand-computed
/// tests and the OpenCV parity tests pin to OpenCV's: exhaustively for the colour conversion, on random frames of
/// every tap pattern for the resize.
/// </summary>
public class VectorizedPathTests
{
    [Fact]
    public void Hsv_conversion_equals_the_scalar_reference_on_all_2_to_the_24_colours()
    {
        const int pixels = 1 << 24;
        var rgb = new byte[pixels * 3];
        for (var c = 0; c < pixels; c++)
        {
            rgb[c * 3] = (byte)(c >> 16);
            rgb[(c * 3) + 1] = (byte)(c >> 8);
            rgb[(c * 3) + 2] = (byte)c;
        }

        var (hue, sat, val) = (new byte[pixels], new byte[pixels], new byte[pixels]);
        var (refHue, refSat, refVal) = (new byte[pixels], new byte[pixels], new byte[pixels]);

        HsvFrame.Convert(rgb, hue, sat, val, pixels);
        HsvFrame.ConvertScalar(rgb, refHue, refSat, refVal, 0, pixels);

        AssertSame(refHue, hue, "hue");
        AssertSame(refSat, sat, "saturation");
        AssertSame(refVal, val, "value");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(17)]
    [InlineData(36864)]
    public void Hsv_conversion_of_any_length_matches_to_the_last_pixel(int pixels)
    {
        var rgb = new byte[pixels * 3];
        new Random(pixels).NextBytes(rgb);
        var frame = AnalysisFrame.Create(0, 0, pixels, 1, rgb);
        var (refHue, refSat, refVal) = (new byte[pixels], new byte[pixels], new byte[pixels]);
        HsvFrame.ConvertScalar(rgb, refHue, refSat, refVal, 0, pixels);

        var hsv = HsvFrame.FromRgb(frame);

        AssertSame(refHue, hsv.Hue, "hue");
        AssertSame(refSat, hsv.Saturation, "saturation");
        AssertSame(refVal, hsv.Value, "value");
    }

    [Fact]
    public void A_recycled_frame_is_refilled_when_its_size_matches_and_replaced_when_not()
    {
        var random = new Random(3);
        byte[] NewPixels(int count)
        {
            var pixels = new byte[count * 3];
            random.NextBytes(pixels);
            return pixels;
        }

        var first = AnalysisFrame.Create(0, 0, 4, 3, NewPixels(12));
        var second = AnalysisFrame.Create(1, 0, 4, 3, NewPixels(12));
        var other = AnalysisFrame.Create(2, 0, 3, 4, NewPixels(12));
        var recycled = HsvFrame.FromRgb(first);

        var refilled = HsvFrame.FromRgb(second, recycled);
        var replaced = HsvFrame.FromRgb(other, refilled);

        Assert.Same(recycled, refilled);
        Assert.Equal(HsvFrame.FromRgb(second).Hue, refilled.Hue);
        Assert.NotSame(refilled, replaced);
        Assert.Equal((3, 4), (replaced.Width, replaced.Height));
        Assert.Equal(HsvFrame.FromRgb(other).Value, replaced.Value);
    }

    [Theory]
    [InlineData(640, 360, 256, 144)] // factor 2.5
    [InlineData(718, 404, 256, 144)] // uneven taps
    [InlineData(360, 640, 144, 256)] // portrait: 8-lane vertical tail
    [InlineData(1280, 720, 256, 144)] // integral factor 5 (still linear)
    [InlineData(1920, 1080, 256, 144)] // 7.5
    [InlineData(257, 3, 256, 3)] // barely smaller: the last columns take one tap
    [InlineData(100, 40, 256, 102)] // upscaling: taps clamp at both edges
    [InlineData(9, 9, 4, 4)] // fewer values than one vector
    public void Resize_with_intrinsics_equals_the_scalar_horizontal_pass(int sourceWidth, int sourceHeight, int width, int height)
    {
        var source = new byte[sourceWidth * sourceHeight * 3];
        new Random(sourceWidth + sourceHeight).NextBytes(source);
        var expected = new byte[width * height * 3];
        var actual = new byte[width * height * 3];

        new OpenCvLinearResize(sourceWidth, sourceHeight, width, height, useIntrinsics: false).Resize(source, expected);
        var resize = new OpenCvLinearResize(sourceWidth, sourceHeight, width, height);
        resize.Resize(source, actual);

        AssertSame(expected, actual, "working frame");

        // A second frame through the same instance: no state leaks from one frame to the next.
        new Random(1).NextBytes(source);
        new OpenCvLinearResize(sourceWidth, sourceHeight, width, height, useIntrinsics: false).Resize(source, expected);
        resize.Resize(source, actual);
        AssertSame(expected, actual, "second working frame");
    }

    private static void AssertSame(byte[] expected, byte[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var first = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(first == expected.Length, $"{what} differs first at {first}: expected {(first < expected.Length ? expected[first] : 0)}, got {(first < actual.Length ? actual[first] : 0)}");
    }
}
