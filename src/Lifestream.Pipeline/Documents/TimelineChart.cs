using Lifestream.Pipeline.Model;
using ScottPlot;

namespace Lifestream.Pipeline.Documents;

/// <summary>
/// timeline.png: one row per speaker (their turns, or segments when there is no diarization) and a
/// bottom row of scenes in alternating colours, over the media's time axis (ScottPlot).
/// </summary>
public static class TimelineChart
{
    public const int Width = 1200;

    public static void Save(string path, double duration, IReadOnlyList<string> speakers, IReadOnlyList<SpeakerTurn> turns, IReadOnlyList<Scene> scenes)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(scenes);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var labels = new List<string> { "Scenes" };
        labels.AddRange(speakers);
        for (var i = 0; i < scenes.Count; i++)
        {
            var rect = plot.Add.Rectangle(scenes[i].Start, scenes[i].End, -0.35, 0.35);
            rect.FillStyle.Color = i % 2 == 0 ? Colors.SteelBlue.WithAlpha(0.8) : Colors.LightSteelBlue;
            rect.LineStyle.Width = 0;
        }

        for (var row = 0; row < speakers.Count; row++)
        {
            var color = palette.GetColor(row);
            foreach (var turn in turns.Where(t => t.Speaker == speakers[row]))
            {
                var rect = plot.Add.Rectangle(turn.Start, Math.Max(turn.End, turn.Start + 0.05), row + 1 - 0.35, row + 1 + 0.35);
                rect.FillStyle.Color = color;
                rect.LineStyle.Width = 0;
            }
        }

        var positions = Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels.ToArray());
        plot.Axes.SetLimits(0, Math.Max(duration, 1), -0.6, labels.Count - 0.4);
        plot.XLabel("Time (s)");
        plot.SavePng(path, Width, 90 + (45 * labels.Count));
    }
}
