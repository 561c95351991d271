using System.Text.RegularExpressions;
using Lifestream.Core.Jobs;
using Lifestream.Core.Uploads;

namespace Lifestream.Tests.Unit.Web;

/// <summary>What the web app's source must agree on with the rest of the system.</summary>
public sealed partial class WebAppContractTests
{
    private static readonly string WebRoot = Path.Combine(TestFixtures.Root, "src", "Lifestream.Web");

    [Fact]
    public void The_stage_timeline_lists_the_stages_in_the_order_the_progress_estimate_counts_them()
    {
        var source = File.ReadAllText(Path.Combine(WebRoot, "src", "stages.ts"));
        var array = StageOrder().Match(source);
        Assert.True(array.Success, "stages.ts declares `export const stageOrder = [...]`");
        var stages = Quoted().Matches(array.Groups["items"].Value).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(JobProgress.ExpectedStages, stages);
    }

    [Fact]
    public void Every_job_status_has_a_label_and_every_unsuccessful_terminal_one_shows_as_a_failure()
    {
        var source = File.ReadAllText(Path.Combine(WebRoot, "src", "stages.ts"));
        var labels = StatusLabels().Match(source);
        Assert.True(labels.Success, "stages.ts declares `const statusLabels: Record<string, string> = {...}`");
        var labelled = LabelKey().Matches(labels.Groups["items"].Value).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var bad = BadStatuses().Match(source);
        Assert.True(bad.Success, "statusTone lists the statuses it shows as bad");
        var shownBad = QuotedStatus().Matches(bad.Groups["items"].Value).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var statuses = Enum.GetValues<JobStatus>();
        Assert.Equal(statuses.Select(s => s.ToWire()).ToHashSet(StringComparer.Ordinal), labelled);
        Assert.Equal(statuses.Where(s => s.IsTerminal() && s != JobStatus.Succeeded).Select(s => s.ToWire()).ToHashSet(StringComparer.Ordinal), shownBad);
        Assert.Contains(JobStatus.Rejected.ToWire(), shownBad);
    }

    [Fact]
    public void The_page_has_no_inline_script_or_style_and_loads_nothing_from_another_origin()
    {
        var html = File.ReadAllText(Path.Combine(WebRoot, "index.html"));
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(RemoteReference(), html);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(WebRoot, "src"), "*.ts", SearchOption.AllDirectories))
        {
            var code = File.ReadAllText(file);
            Assert.False(code.Contains("innerHTML", StringComparison.Ordinal), $"{file}: builds markup from strings (innerHTML)");
            Assert.False(code.Contains("setAttribute(\"style\"", StringComparison.Ordinal) || code.Contains("style: ", StringComparison.Ordinal), $"{file}: sets a style attribute, which the CSP refuses");
            Assert.DoesNotMatch(RemoteReference(), code);
        }
    }

    [Fact]
    public void The_build_toolchain_is_pinned_exactly_by_the_lock_file()
    {
        var package = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(WebRoot, "package.json")))!;
        var locked = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(WebRoot, "package-lock.json")))!;
        foreach (var (name, version) in package["devDependencies"]!.AsObject())
        {
            var pinned = version!.GetValue<string>();
            Assert.Matches(@"^\d+\.\d+\.\d+$", pinned);
            Assert.Equal(pinned, locked["packages"]![$"node_modules/{name}"]!["version"]!.GetValue<string>());
        }
    }

    [GeneratedRegex(@"export const stageOrder = \[(?<items>[^\]]*)\]")]
    private static partial Regex StageOrder();

    [GeneratedRegex("\"([a-z]+)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"const statusLabels: Record<string, string> = \{(?<items>[^}]*)\}")]
    private static partial Regex StatusLabels();

    [GeneratedRegex("\"([a-z_]+)\"")]
    private static partial Regex QuotedStatus();

    [GeneratedRegex(@"^\s*(\w+):", RegexOptions.Multiline)]
    private static partial Regex LabelKey();

    [GeneratedRegex(@"return \[(?<items>[^\]]*)\]\.includes\(status\) \? ""bad""")]
    private static partial Regex BadStatuses();

    [GeneratedRegex(@"(src|href)=""(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();
}
