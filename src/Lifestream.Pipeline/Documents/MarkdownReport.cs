using System.Globalization;
using System.Text;

namespace Lifestream.Pipeline.Documents;

/// <summary>
/// summary.md: overview, chapters with timestamps, per-speaker summary, action items, scenes with
/// keyframes, the timeline picture and the full speaker-labelled transcript. Paths are relative to the
/// output directory, so the folder can be moved or zipped.
/// </summary>
public static class MarkdownReport
{
    public static string Write(PipelineOutcome outcome, string? timelineImage)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var summary = outcome.Summary;
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(outcome.MediaName)).Append("\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Duration {TimeText.Clock(outcome.Media.DurationSeconds)} · {outcome.Speech.Speakers.Count} speaker(s) · ")
          .Append(CultureInfo.InvariantCulture, $"{outcome.Scenes.Scenes.Count} scene(s) · summary: {summary.Method}\n\n");

        md.Append("## Overview\n\n").Append(summary.Overview.Length > 0 ? Escape(summary.Overview) : "_No speech was transcribed._").Append("\n\n");

        md.Append("## Chapters\n\n");
        if (summary.Chapters.Count == 0)
        {
            md.Append("_None._\n\n");
        }

        foreach (var chapter in summary.Chapters)
        {
            md.Append(CultureInfo.InvariantCulture, $"{chapter.Index}. **[{TimeText.Clock(chapter.Start)}–{TimeText.Clock(chapter.End)}] {Escape(chapter.Title)}**");
            md.Append(chapter.Summary.Length > 0 ? " — " + Escape(chapter.Summary) : "").Append('\n');
        }

        md.Append(summary.Chapters.Count > 0 ? "\n" : "").Append("## Speakers\n\n");
        if (summary.Speakers.Count == 0)
        {
            md.Append("_None._\n\n");
        }

        foreach (var speaker in summary.Speakers)
        {
            md.Append(CultureInfo.InvariantCulture, $"### {Escape(speaker.Speaker)}\n\nTalk time {TimeText.Clock(speaker.TalkSeconds)} · {speaker.WordCount} words · {speaker.Turns} turn(s)\n\n");
            foreach (var h in speaker.Highlights)
            {
                md.Append(CultureInfo.InvariantCulture, $"- [{TimeText.Clock(h.Start)}] {Escape(h.Text)}\n");
            }

            md.Append(speaker.Highlights.Count > 0 ? "\n" : "");
        }

        md.Append("## Action items\n\n");
        if (summary.ActionItems.Count == 0)
        {
            md.Append("_None found._\n");
        }

        foreach (var item in summary.ActionItems)
        {
            md.Append(CultureInfo.InvariantCulture, $"- [ ] {Escape(item.Text)} — {Escape(item.Speaker)} at {TimeText.Clock(item.Start)}\n");
        }

        md.Append("\n## Scenes\n\n");
        if (outcome.Scenes.Scenes.Count == 0)
        {
            md.Append("_No scenes (no video stream)._\n");
        }
        else
        {
            md.Append("| Scene | Time | Keyframe |\n| --- | --- | --- |\n");
            foreach (var scene in outcome.Scenes.Scenes)
            {
                var image = scene.Keyframe is null ? "" : $"![Scene {scene.Index}]({scene.Keyframe})";
                md.Append(CultureInfo.InvariantCulture, $"| {scene.Index} | {TimeText.Clock(scene.Start)}–{TimeText.Clock(scene.End)} | {image} |\n");
            }
        }

        if (timelineImage is not null)
        {
            md.Append("\n## Timeline\n\n").Append("![Speakers and scenes over time](").Append(timelineImage).Append(")\n");
        }

        md.Append("\n## Transcript\n\n");
        if (outcome.Speech.Segments.Count == 0)
        {
            md.Append("_No speech was transcribed._\n");
        }

        foreach (var segment in outcome.Speech.Segments.OrderBy(s => s.Start))
        {
            md.Append(CultureInfo.InvariantCulture, $"**[{TimeText.Clock(segment.Start)}] {Escape(segment.Speaker)}:** {Escape(segment.Text.Trim())}\n\n");
        }

        if (outcome.Warnings.Count > 0)
        {
            md.Append("## Warnings\n\n");
            foreach (var warning in outcome.Warnings)
            {
                md.Append("- ").Append(Escape(warning)).Append('\n');
            }

            md.Append('\n');
        }

        return md.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>Escapes characters that would turn transcript text into Markdown or HTML.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|')
            {
                sb.Append('\\');
            }

            sb.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return sb.ToString();
    }
}
