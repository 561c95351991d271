using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Lifestream.Tests.Integration.Speech;

/// <summary>Runs NIST sctk's sclite and md-eval.pl (Debian package sctk; not on PATH) for cross-checks.</summary>
internal static partial class Sctk
{
    public const string Directory = "/usr/lib/sctk/bin";

    public static string Sclite => Path.Combine(Directory, "sclite");

    public static string MdEval => Path.Combine(Directory, "md-eval.pl");

    public static void Require()
    {
        if (!File.Exists(Sclite) || !File.Exists(MdEval))
        {
            throw new InvalidOperationException($"sctk not found under {Directory}: apt-get install sctk.");
        }
    }

    /// <summary>sclite's Sum/Avg row: percentages of substitutions, deletions, insertions and the reference word count.</summary>
    public static async Task<(double Sub, double Del, double Ins, int Words)> ScliteAsync(string referenceTrn, string hypothesisTrn)
    {
        var text = await RunAsync(Sclite, "-r", referenceTrn, "trn", "-h", hypothesisTrn, "trn", "-i", "rm", "-o", "sum", "stdout");
        var match = SumRow().Match(text);
        Assert.True(match.Success, $"no Sum/Avg row in sclite output:\n{text}");
        double P(int g) => double.Parse(match.Groups[g].Value, CultureInfo.InvariantCulture);
        return (P(4), P(5), P(6), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>md-eval's overall DER in percent.</summary>
    public static async Task<double> MdEvalAsync(string referenceRttm, string hypothesisRttm, double collar)
    {
        var text = await RunAsync("perl", MdEval, "-r", referenceRttm, "-s", hypothesisRttm, "-c", collar.ToString(CultureInfo.InvariantCulture));
        var match = OverallDer().Match(text);
        Assert.True(match.Success, $"no OVERALL line in md-eval output:\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>md-eval's overall figures in seconds (scored speaker time, missed, false alarm, speaker error) over a multi-file RTTM pair and a UEM.</summary>
    public static async Task<(double Scored, double Missed, double FalseAlarm, double Confusion, double DerPercent)> MdEvalWithUemAsync(string referenceRttm, string hypothesisRttm, string uem, double collar)
    {
        var text = await RunAsync("perl", MdEval, "-r", referenceRttm, "-s", hypothesisRttm, "-u", uem, "-c", collar.ToString(CultureInfo.InvariantCulture));
        double Seconds(Regex pattern)
        {
            var match = pattern.Match(text);
            Assert.True(match.Success, $"'{pattern}' not in md-eval output:\n{text}");
            return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return (Seconds(ScoredSpeakerTime()), Seconds(MissedSpeakerTime()), Seconds(FalseAlarmSpeakerTime()), Seconds(SpeakerErrorTime()), Seconds(OverallDer()));
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }

    [GeneratedRegex(@"\|\s*Sum/Avg\s*\|\s*(\d+)\s+(\d+)\s*\|\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)")]
    private static partial Regex SumRow();

    [GeneratedRegex(@"SCORED SPEAKER TIME =\s*([\d.]+) secs")]
    private static partial Regex ScoredSpeakerTime();

    [GeneratedRegex(@"MISSED SPEAKER TIME =\s*([\d.]+) secs")]
    private static partial Regex MissedSpeakerTime();

    [GeneratedRegex(@"FALARM SPEAKER TIME =\s*([\d.]+) secs")]
    private static partial Regex FalseAlarmSpeakerTime();

    [GeneratedRegex(@"SPEAKER ERROR TIME =\s*([\d.]+) secs")]
    private static partial Regex SpeakerErrorTime();

    [GeneratedRegex(@"OVERALL SPEAKER DIARIZATION ERROR = ([\d.]+) percent")]
    private static partial Regex OverallDer();
}
