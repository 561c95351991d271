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
    [InlineData(640, 360, 256, 144, true)] // factor 2.5
    [InlineData(718, 404, 256, 144, true)] // uneven taps
    [InlineData(360, 640, 144, 256, true)] // portrait: 8-lane vertical tail
    [InlineData(1280, 720, 256, 144, false)] // integral factor 5 (still linear): taps too far apart to shuffle, gathered
    [InlineData(1920, 1080, 256, 144, false)] // 7.5
    [InlineData(257, 3, 256, 3, true)] // barely smaller: the last columns take one tap
    [InlineData(100, 40, 256, 102, false)] // upscaling: taps clamp at both edges
    [InlineData(9, 9, 4, 4, true)] // one vector of values, the rest scalar
    public void Resize_with_intrinsics_equals_the_scalar_horizontal_pass(int sourceWidth, int sourceHeight, int width, int height, bool shuffles)
    {
        var source = new byte[sourceWidth * sourceHeight * 3];
        new Random(sourceWidth + sourceHeight).NextBytes(source);
        var expected = new byte[width * height * 3];
        var actual = new byte[width * height * 3];

        new OpenCvLinearResize(sourceWidth, sourceHeight, width, height, useIntrinsics: false).Resize(source, expected);
        var resize = new OpenCvLinearResize(sourceWidth, sourceHeight, width, height);
        resize.Resize(source, actual);

        Assert.Equal(shuffles && System.Runtime.Intrinsics.X86.Avx2.IsSupported, resize.ShufflesTaps);

        AssertSame(expected, actual, "working frame");

        // A second frame through the same instance: no state leaks from one frame to the next.
        new Random(1).NextBytes(source);
        new OpenCvLinearResize(sourceWidth, sourceHeight, width, height, useIntrinsics: false).Resize(source, expected);
        resize.Resize(source, actual);
        AssertSame(expected, actual, "second working frame");
    }

    [Theory]
    [InlineData(640, 360, 256, 144, 34)]
    [InlineData(640, 360, 256, 144, 1)]
    [InlineData(640, 360, 256, 144, 7)]
    [InlineData(360, 640, 144, 256, 360)]
    [InlineData(100, 40, 256, 102, 3)] // upscaling: several output rows per source row pair
    [InlineData(512, 288, 256, 144, 2)] // 2x2 area: row pairs
    [InlineData(512, 288, 256, 144, 64)]
    [InlineData(1920, 1080, 256, 144, 1080)]
    public void A_frame_fed_in_bands_resizes_to_the_whole_frames_bytes(int sourceWidth, int sourceHeight, int width, int height, int bandRows)
    {
        var random = new Random(bandRows);
        var resize = new OpenCvLinearResize(sourceWidth, sourceHeight, width, height);
        var stride = sourceWidth * 3;
        for (var frame = 0; frame < 2; frame++)
        {
            var source = new byte[stride * sourceHeight];
            random.NextBytes(source);
            var expected = new byte[width * height * 3];
            new OpenCvLinearResize(sourceWidth, sourceHeight, width, height).Resize(source, expected);
            var actual = new byte[expected.Length];

            for (var row = 0; row < sourceHeight; row += bandRows)
            {
                var rows = Math.Min(bandRows, sourceHeight - row);
                resize.ResizeRows(source.AsSpan(row * stride, rows * stride), row, actual);
            }

            AssertSame(expected, actual, $"frame {frame} in bands of {bandRows} rows");
        }
    }

    [Theory]
    [InlineData(640, 360, 256, 144)]
    [InlineData(360, 640, 144, 256)]
    [InlineData(512, 288, 256, 144)] // 2x2 area
    [InlineData(1920, 1080, 256, 144)]
    [InlineData(250, 140, 100, 56)]
    public void A_frame_with_padded_rows_resizes_to_the_packed_frames_bytes_and_its_padding_is_never_read(int sourceWidth, int sourceHeight, int width, int height)
    {
        var random = new Random(sourceWidth);
        var rowBytes = sourceWidth * 3;
        var stride = (rowBytes + 63) / 64 * 64 + 64;
        var packed = new byte[rowBytes * sourceHeight];
        random.NextBytes(packed);
        var padded = new byte[(stride * (sourceHeight - 1)) + rowBytes];
        Array.Fill(padded, (byte)0xEE); // padding that would change the result if read
        for (var row = 0; row < sourceHeight; row++)
        {
            packed.AsSpan(row * rowBytes, rowBytes).CopyTo(padded.AsSpan(row * stride));
        }

        var expected = new byte[width * height * 3];
        new OpenCvLinearResize(sourceWidth, sourceHeight, width, height).Resize(packed, expected);
        var actual = new byte[expected.Length];
        new OpenCvLinearResize(sourceWidth, sourceHeight, width, height).Resize(padded, stride, actual);

        AssertSame(expected, actual, $"rows {stride} bytes apart");
        Assert.Throws<ArgumentException>(() => new OpenCvLinearResize(sourceWidth, sourceHeight, width, height).Resize(padded.AsSpan(1), stride, actual));
        Assert.Throws<ArgumentException>(() => new OpenCvLinearResize(sourceWidth, sourceHeight, width, height).Resize(padded, rowBytes - 1, actual));
    }

    [Fact]
    public void Bands_out_of_order_or_of_partial_rows_are_rejected()
    {
        var resize = new OpenCvLinearResize(640, 360, 256, 144);
        var destination = new byte[256 * 144 * 3];
        resize.ResizeRows(new byte[640 * 3 * 10], 0, destination);

        var skipped = Assert.Throws<ArgumentException>(() => resize.ResizeRows(new byte[640 * 3 * 10], 20, destination));
        Assert.Contains("expected row 10", skipped.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => resize.ResizeRows(new byte[(640 * 3) + 1], 10, destination));
        Assert.Throws<ArgumentException>(() => resize.ResizeRows(new byte[640 * 3 * 2], 359, destination));
        Assert.Throws<ArgumentException>(() => new OpenCvLinearResize(512, 288, 256, 144).ResizeRows(new byte[512 * 3 * 3], 0, destination));
    }

    private static void AssertSame(byte[] expected, byte[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var first = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(first == expected.Length, $"{what} differs first at {first}: expected {(first < expected.Length ? expected[first] : 0)}, got {(first < actual.Length ? actual[first] : 0)}");
    }
}
