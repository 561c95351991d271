using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

public class ShowInfoLineTests
{
    [Fact]
    public void Frame_lines_give_number_pts_and_size()
    {
        const string line = "[Parsed_showinfo_2 @ 0x5565e8b4f400] n:  17 pts:   8704 pts_time:0.566667 pos:  14716 fmt:rgb24 sar:1/1 s:160x90 i:P iskey:0 type:B ";

        Assert.True(ShowInfoLine.TryParseFrame(line, out var frame));

        Assert.Equal(new ShowInfoFrame(17, 8704, 160, 90), frame);
    }

    [Fact]
    public void The_time_base_line_is_parsed()
    {
        const string line = "[Parsed_showinfo_2 @ 0x55b753291b80] config in time_base: 1/15360, frame_rate: 30/1";

        Assert.True(ShowInfoLine.TryParseTimeBase(line, out var num, out var den));

        Assert.Equal((1L, 15360L), (num, den));
    }

    [Theory]
    [InlineData("  Duration: 00:01:00.00, start: 0.000000, bitrate: 3705 kb/s")]
    [InlineData("[Parsed_showinfo_2 @ 0x55b753291b80] config out time_base: 0/0, frame_rate: 0/0")]
    [InlineData("Stream #0:0: Video: h264 (High), yuv420p, 640x360, n: 3 pts: 4 s:1x1")]
    public void Other_lines_are_not_frames(string line)
    {
        Assert.False(ShowInfoLine.TryParseFrame(line, out _));
    }
}
