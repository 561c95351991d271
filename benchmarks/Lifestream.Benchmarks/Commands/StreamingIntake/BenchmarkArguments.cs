using System.Globalization;

namespace Lifestream.Benchmarks.Commands.StreamingIntake;

/// <summary>Options of the streaming-intake benchmark (see <see cref="StreamingIntakeBenchmark"/>).</summary>
public sealed record BenchmarkArguments
{
    public string? Video { get; init; }

    public int Minutes { get; init; } = 5;

    public int Reps { get; init; } = 2;

    /// <summary>Bitrate of the recording the throttle emulates (1080p screen/camera recordings: ~5 Mbit/s).</summary>
    public double BitrateMbps { get; init; } = 5;

    /// <summary>Throughput of one S3 GET stream the throttle emulates (MB/s).</summary>
    public double S3MegabytesPerSecond { get; init; } = 80;

    public static BenchmarkArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new BenchmarkArguments();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            parsed = args[i] switch
            {
                "--video" => parsed with { Video = Path.GetFullPath(value) },
                "--minutes" => parsed with { Minutes = int.Parse(value, CultureInfo.InvariantCulture) },
                "--reps" => parsed with { Reps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--bitrate-mbps" => parsed with { BitrateMbps = double.Parse(value, CultureInfo.InvariantCulture) },
                "--s3-mbyte-s" => parsed with { S3MegabytesPerSecond = double.Parse(value, CultureInfo.InvariantCulture) },
                var other => throw new ArgumentException($"streaming: unknown option '{other}'."),
            };
        }

        return parsed;
    }
}
