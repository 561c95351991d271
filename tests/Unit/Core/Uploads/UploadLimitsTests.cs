using Lifestream.Core.Dispatching;
using Lifestream.Core.Uploads;

namespace Lifestream.Tests.Unit.Core.Uploads;

public sealed class UploadLimitsTests
{
    private static readonly UploadLimits Limits = new();

    [Fact]
    public void Defaults_allow_a_normal_meeting_recording()
    {
        Assert.Null(Limits.CheckObjectSize(2L * 1024 * 1024 * 1024));
        Assert.Null(Limits.CheckMedia(new MediaShape(3600, 2, 1920, 1080, 2)));
        Assert.Null(Limits.CheckMedia(new MediaShape(60, 2, 7680, 4320, 8)));
    }

    [Theory]
    [InlineData(36000.0, 2, 640, 360, 2, "duration 36000 s exceeds the limit of 14400 s (LIFESTREAM_MAX_DURATION_SECONDS)")]
    [InlineData(1e6, 2, 640, 360, 2, "duration 1000000 s exceeds the limit of 14400 s")]
    [InlineData(double.PositiveInfinity, 2, 640, 360, 2, "duration")]
    [InlineData(double.NaN, 2, 640, 360, 2, "duration")]
    [InlineData(60.0, 17, 640, 360, 2, "stream count 17 streams exceeds the limit of 8 streams (LIFESTREAM_MAX_STREAMS)")]
    [InlineData(60.0, 1, 16384, 16384, 0, "picture size (16384x16384) 268435456 pixels exceeds the limit of 33177600 pixels (LIFESTREAM_MAX_PIXELS)")]
    [InlineData(60.0, 1, 0, 0, 16, "audio channels 16 channels exceeds the limit of 8 channels (LIFESTREAM_MAX_AUDIO_CHANNELS)")]
    public void Media_over_a_limit_names_the_limit_and_the_value(double duration, int streams, int width, int height, int channels, string expected)
    {
        var violation = Limits.CheckMedia(new MediaShape(duration, streams, width, height, channels));

        Assert.NotNull(violation);
        Assert.Contains(expected, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_size_over_the_limit_names_both_numbers()
    {
        var limits = new UploadLimits { MaxObjectBytes = 1000 };

        Assert.Null(limits.CheckObjectSize(1000));
        Assert.Equal("object size 1001 bytes exceeds the limit of 1000 bytes (LIFESTREAM_MAX_OBJECT_BYTES)", limits.CheckObjectSize(1001)!.Message);
    }

    [Fact]
    public void Disk_need_counts_the_download_the_pcm_scratch_for_the_longest_admitted_media_keyframes_and_headroom()
    {
        var limits = new UploadLimits { MaxDurationSeconds = 3600, DiskHeadroomPercent = 25 };
        var pcmForAnHour = 16_000L * 2 * 3600;

        var need = limits.DiskNeed(1_000_000);

        var parts = 1_000_000 + pcmForAnHour + UploadLimits.KeyframesAndDocumentsBytes;
        Assert.Equal(parts + (parts / 100 * 25), need);
        Assert.True(need > 115_000_000, "an hour of 16 kHz s16 mono PCM is 115 MB");
    }

    [Fact]
    public void Every_limit_is_read_from_its_variable_and_the_environment_round_trips()
    {
        var limits = new UploadLimits { MaxObjectBytes = 123, MaxDurationSeconds = 60, MaxStreams = 3, MaxPixels = 640 * 360, MaxAudioChannels = 2, DiskHeadroomPercent = 5 };
        var environment = limits.ToEnvironment();

        Assert.Equal(UploadLimits.Variables.Order(StringComparer.Ordinal), environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(limits, UploadLimits.FromEnvironment(name => environment.GetValueOrDefault(name)));
        Assert.Equal(new UploadLimits(), UploadLimits.FromEnvironment(_ => null));
    }

    [Fact]
    public void Invalid_values_are_all_reported_by_name()
    {
        var ex = Assert.Throws<DispatcherConfigurationException>(() => UploadLimits.FromEnvironment(name => name switch
        {
            UploadLimits.MaxObjectBytesVariable => "-1",
            UploadLimits.MaxStreamsVariable => "many",
            _ => null,
        }));

        Assert.Contains(ex.Problems, p => p.StartsWith(UploadLimits.MaxObjectBytesVariable, StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith(UploadLimits.MaxStreamsVariable, StringComparison.Ordinal));
    }
}
