using System.Globalization;
using System.Text.Json;
using FFMpegCore;

namespace Lifestream.Tests.Integration.Fixtures;

/// <summary>The committed ground truth parses and agrees with the committed clips (ffprobe).</summary>
public sealed class FixtureGroundTruthTests
{
    public static TheoryData<string> Clips => new() { "meeting-60s", "interview-20s" };

    [Theory]
    [MemberData(nameof(Clips))]
    public async Task Manifest_agrees_with_the_video(string name)
    {
        var dir = TestFixtures.Fixture(name);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "manifest.json")));
        var root = manifest.RootElement;
        var video = Path.Combine(dir, root.GetProperty("video").GetString()!);

        var probe = await FFProbe.AnalyseAsync(video);

        Assert.True(new FileInfo(video).Length < 5 * 1024 * 1024, "fixture videos stay under 5 MB");
        Assert.Equal(root.GetProperty("duration_seconds").GetDouble(), probe.Duration.TotalSeconds, 1);
        Assert.Equal(root.GetProperty("frame_rate").GetDouble(), probe.PrimaryVideoStream!.AverageFrameRate, 3);
        Assert.Equal(root.GetProperty("width").GetInt32(), probe.PrimaryVideoStream!.Width);
        Assert.Equal(root.GetProperty("height").GetInt32(), probe.PrimaryVideoStream.Height);
        Assert.Equal(root.GetProperty("audio_sample_rate").GetInt32(), probe.PrimaryAudioStream!.SampleRateHz);
        var frames = root.GetProperty("frame_count").GetInt64();
        Assert.Equal(frames, (long)Math.Round(probe.Duration.TotalSeconds * probe.PrimaryVideoStream.AverageFrameRate));
    }

    [Theory]
    [MemberData(nameof(Clips))]
    public async Task Transcript_rttm_cuts_and_manifest_tell_the_same_story(string name)
    {
        var dir = TestFixtures.Fixture(name);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "manifest.json")));
        var root = manifest.RootElement;
        var duration = root.GetProperty("duration_seconds").GetDouble();
        var fps = root.GetProperty("frame_rate").GetDouble();

        var reference = (await File.ReadAllLinesAsync(Path.Combine(dir, $"{name}.ref.tsv"))).Select(l => l.Split('\t')).ToList();
        var rttm = (await File.ReadAllLinesAsync(Path.Combine(dir, $"{name}.rttm"))).Select(l => l.Split(' ')).ToList();
        var cuts = (await File.ReadAllLinesAsync(Path.Combine(dir, $"{name}.cuts.csv"))).Skip(1).Select(l => l.Split(',')).ToList();
        var turns = root.GetProperty("turns").EnumerateArray().ToList();

        Assert.NotEmpty(reference);
        Assert.Equal(reference.Count, rttm.Count);
        Assert.Equal(reference.Count, turns.Count);
        var previousEnd = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            var start = double.Parse(reference[i][1], CultureInfo.InvariantCulture);
            var end = double.Parse(reference[i][2], CultureInfo.InvariantCulture);
            Assert.True(start >= previousEnd && end > start && end <= duration, $"turn {i} {start}-{end} out of order or range");
            Assert.Equal("SPEAKER", rttm[i][0]);
            Assert.Equal(reference[i][0], rttm[i][7]);
            Assert.Equal(start, double.Parse(rttm[i][3], CultureInfo.InvariantCulture), 3);
            Assert.Equal(end - start, double.Parse(rttm[i][4], CultureInfo.InvariantCulture), 3);
            Assert.Equal(reference[i][3], turns[i].GetProperty("text").GetString());
            previousEnd = end;
        }

        var manifestCuts = root.GetProperty("cuts").EnumerateArray().ToList();
        Assert.Equal(cuts.Count, manifestCuts.Count);
        Assert.Equal(root.GetProperty("shots").GetArrayLength() - 1, cuts.Count);
        for (var i = 0; i < cuts.Count; i++)
        {
            var frame = long.Parse(cuts[i][0], CultureInfo.InvariantCulture);
            Assert.Equal(frame, manifestCuts[i].GetProperty("frame").GetInt64());
            Assert.Equal(frame / fps, double.Parse(cuts[i][1], CultureInfo.InvariantCulture), 3);
        }

        var speakers = root.GetProperty("speakers").EnumerateArray().Select(s => s.GetString()).ToHashSet();
        Assert.Equal(reference.Select(r => (string?)r[0]).ToHashSet(), speakers);
    }
}
