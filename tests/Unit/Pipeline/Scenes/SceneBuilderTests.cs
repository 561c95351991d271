using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

public class SceneBuilderTests
{
    [Fact]
    public void Scene_times_come_from_frame_pts_so_variable_frame_rate_is_exact()
    {
        // 10 frames at 10 fps, then 10 frames at 50 fps: index / fps would put the cut at the wrong time.
        var times = Enumerable.Range(0, 10).Select(i => i * 0.1).Concat(Enumerable.Range(0, 10).Select(i => 1.0 + (i * 0.02))).ToList();

        var scenes = SceneBuilder.Build([10, 15], times, mediaDurationSeconds: 1.2);

        Assert.Equal(
            [new Scene(1, 0.0, 1.0, 0, 9), new Scene(2, 1.0, 1.1, 10, 14), new Scene(3, 1.1, 1.2, 15, 19)],
            scenes.Select(s => s with { Start = Math.Round(s.Start, 9), End = Math.Round(s.End, 9) }));
    }

    [Fact]
    public void Without_a_container_duration_the_last_scene_ends_one_frame_after_its_last_frame()
    {
        var scenes = SceneBuilder.Build([], [0.0, 0.5, 1.0], mediaDurationSeconds: 0);

        Assert.Equal(new Scene(1, 0, 1.5, 0, 2), Assert.Single(scenes));
    }

    [Fact]
    public void Duplicate_out_of_range_and_zero_cuts_are_ignored()
    {
        var scenes = SceneBuilder.Build([0, 2, 2, 99], [0.0, 1.0, 2.0, 3.0], mediaDurationSeconds: 4);

        Assert.Equal([0L, 2L], scenes.Select(s => s.StartFrame));
    }

    [Fact]
    public void No_frames_means_no_scenes()
    {
        Assert.Empty(SceneBuilder.Build([], [], 10));
    }
}
