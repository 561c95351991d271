using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

/// <summary>cv2.resize INTER_LINEAR's fixed point, traced by hand (the whole chain is checked against OpenCV itself in the integration tests).</summary>
public class OpenCvLinearResizeTests
{
    [Fact]
    public void Vector_lanes_and_the_scalar_tail_round_as_opencv_does()
    {
        // 6x7 -> 6x3: scale_y = 7/3, output row 0: fy = (float)(0.5 * 7/3 - 0.5) = 0.6666667, taps rows 0 and 1,
        // beta = (round(0.3333333 * 2048), round(0.6666667 * 2048)) = (683, 1365); scale_x = 1 copies columns (x 2048).
        // Row 0 holds 2, row 1 holds 3. The 18 values of an output row: 0-15 go through VResizeLinearVec_32s8u,
        //   ((2*2048 >> 4) * 683 >> 16) + ((3*2048 >> 4) * 1365 >> 16) = 2 + 7, (9 + 2) >> 2 = 2;
        // 16-17 through the scalar tail, (2*2048*683 + 3*2048*1365 + 2^21) >> 22 = 13281280 >> 22 = 3.
        var source = new byte[6 * 7 * 3];
        Array.Fill(source, (byte)2, 0, 18);
        Array.Fill(source, (byte)3, 18, 18);
        var destination = new byte[6 * 3 * 3];

        new OpenCvLinearResize(6, 7, 6, 3).Resize(source, destination);

        Assert.Equal(Enumerable.Repeat((byte)2, 16).Concat([(byte)3, (byte)3]), destination.Take(18));
    }

    [Fact]
    public void Taps_and_coefficients_follow_the_pixel_centre_rule()
    {
        // 640 -> 256: scale 2.5, output column 0: fx = 0.75, taps 0 and 1 with (512, 1536); column 1: fx = 3.25, taps 3 and 4
        // with (1536, 512). Values: ((100 * 1536) >> 4) * 2048 >> 16 = 300, (300 + 2) >> 2 = 75; (200 * 1536 ... ) = 150.
        var source = new byte[640 * 3];
        source[3] = 100; // pixel 1, channel 0
        source[9] = 200; // pixel 3, channel 0
        var destination = new byte[256 * 3];

        new OpenCvLinearResize(640, 1, 256, 1).Resize(source, destination);

        Assert.Equal((byte)75, destination[0]);
        Assert.Equal((byte)150, destination[3]);
        Assert.Equal((byte)0, destination[1]);
    }

    [Fact]
    public void Exactly_half_size_is_opencvs_area_average_with_rounding()
    {
        // hal::resize turns INTER_LINEAR into resizeAreaFast_ for scale 2 x 2: (1 + 2 + 2 + 2 + 2) >> 2 = 2.
        byte[] source = [1, 10, 0, 2, 20, 0, 2, 30, 0, 2, 40, 0];
        var destination = new byte[3];

        new OpenCvLinearResize(2, 2, 1, 1).Resize(source, destination);

        Assert.Equal([2, 25, 0], destination);
    }

    [Fact]
    public void Undersized_buffers_are_rejected()
    {
        var resize = new OpenCvLinearResize(4, 4, 2, 3);
        Assert.Throws<ArgumentException>(() => resize.Resize(new byte[10], new byte[18]));
    }
}
