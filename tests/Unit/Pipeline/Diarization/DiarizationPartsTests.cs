using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Diarization;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Unit.Pipeline.Diarization;

public class DiarizationPartsTests
{
    [Fact]
    public void Windows_cover_each_region_and_short_regions_are_one_window()
    {
        TimeRange[] regions = [new(0, 4), new(10, 10.8)];

        var windows = SpeechWindows.Plan(regions, 1.5, 0.75, 1000);

        var first = windows.Where(w => w.Region == 0).Select(w => w.Range).ToList();
        Assert.Equal(0, first[0].Start);
        Assert.Equal(4, first[^1].End, 9);
        Assert.All(first, w => Assert.Equal(1.5, w.Duration, 9));
        Assert.Equal(new TimeRange(10, 10.8), Assert.Single(windows, w => w.Region == 1).Range);
    }

    [Fact]
    public void Window_count_is_bounded_for_long_inputs()
    {
        TimeRange[] regions = [new(0, 1200)];

        var windows = SpeechWindows.Plan(regions, 1.5, 0.75, 500);

        Assert.InRange(windows.Count, 400, 501);
    }

    [Fact]
    public void Turns_change_speaker_between_window_centres_and_merge_runs()
    {
        TimeRange[] regions = [new(0, 3), new(3.2, 4)];

        // Windows centred at 0.75, 1.5, 2.25 (region 0) and one for region 1.
        SpeechWindow[] windows = [new(0, new(0, 1.5)), new(0, new(0.75, 2.25)), new(0, new(1.5, 3)), new(1, new(3.2, 4))];

        var turns = TurnBuilder.Build(regions, windows, [7, 7, 3, 3], mergeGapSeconds: 0.5);

        // Change between centres 1.5 and 2.25 → 1.875; region 1 continues S2 across a 0.2 s pause.
        Assert.Equal([new SpeakerTurn("S1", 0, 1.875), new SpeakerTurn("S2", 1.875, 4)], turns);
    }

    [Fact]
    public async Task Diarizer_separates_two_synthetic_voices_without_being_told_the_count()
    {
        // Two "voices": harmonic tones at different pitch and spectral tilt, alternating every 3 s with pauses.
        const int rate = 16000;
        var samples = new float[rate * 24];
        var regions = new List<TimeRange>();
        var truth = new List<SpeakerTurn>();
        var random = new Random(1);
        for (var turn = 0; turn < 6; turn++)
        {
            var start = (turn * 4.0) + 0.5;
            var pitch = turn % 2 == 0 ? 110.0 : 240.0;
            var tilt = turn % 2 == 0 ? 0.9 : 0.5;
            double phase = 0;
            for (var i = (int)(start * rate); i < (int)((start + 3) * rate); i++)
            {
                // 3 % vibrato at 5 Hz, integrated so the instantaneous frequency stays near the pitch.
                var t = (double)i / rate;
                phase += 2 * Math.PI * pitch * (1 + (0.03 * Math.Sin(2 * Math.PI * 5 * t))) / rate;
                double value = 0;
                for (var h = 1; h <= 12; h++)
                {
                    value += Math.Pow(tilt, h) * Math.Sin(h * phase);
                }

                samples[i] = (float)((0.2 * value) + (0.01 * ((random.NextDouble() * 2) - 1)));
            }

            regions.Add(new TimeRange(start, start + 3));
            truth.Add(new SpeakerTurn(turn % 2 == 0 ? "A" : "B", start, start + 3));
        }

        var diarizer = new ClusteringDiarizer(new DiarizationOptions(), new MfccStatisticsEmbedder());

        var turns = await diarizer.DiarizeAsync(new AudioBuffer(samples, rate), regions, CancellationToken.None);

        Assert.Equal(2, turns.Select(t => t.Speaker).Distinct().Count());
        Assert.Equal(0, Lifestream.Evaluation.DiarizationErrorRate.Compute(truth, turns).Rate, 3);
    }

    [Theory]
    [InlineData(0, 1, 8)]
    [InlineData(null, 3, 2)]
    public void Invalid_speaker_settings_are_rejected(int? exact, int min, int max)
    {
        Assert.Throws<ArgumentException>(() => new DiarizationOptions { NumSpeakers = exact, MinSpeakers = min, MaxSpeakers = max }.ThrowIfInvalidArgument());
    }

    [Fact]
    public void Embedding_model_without_a_pinned_hash_is_rejected_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DiarizationOptions { EmbeddingModelPath = "/models/wespeaker.onnx" }.ThrowIfInvalidArgument());

        Assert.Contains("EmbeddingModelSha256", ex.Message, StringComparison.Ordinal);
    }
}
