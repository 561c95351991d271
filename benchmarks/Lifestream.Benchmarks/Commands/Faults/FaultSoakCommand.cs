using System.Globalization;
using Lifestream.LocalAws;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Faults;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Benchmarks.Commands.Faults;

/// <summary>
/// <c>faults --uploads N --seed S [--concurrency C] [--stage-ms MS]</c>: the seeded fault-injection soak on the local
/// stack (docs/reliability.md). Exits 0 only when nothing was lost and nothing ran or published twice.
/// </summary>
public static class FaultSoakCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        int uploads = 1000, seed = 1, concurrency = 6, stageMs = 150;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--uploads": uploads = value; break;
                case "--seed": seed = value; break;
                case "--concurrency": concurrency = value; break;
                case "--stage-ms": stageMs = value; break;
                default:
                    await Console.Error.WriteLineAsync($"faults: unknown option {args[i]} (use --uploads N --seed S [--concurrency C] [--stage-ms MS])");
                    return 2;
            }
        }

        var processor = LocalDeploymentOptions.ProcessorNextToApp();
        if (processor is null)
        {
            await Console.Error.WriteLineAsync("faults: Lifestream.Processor.Ecs.dll is not next to the benchmarks (build the benchmarks project, which references it).");
            return 2;
        }

        Console.WriteLine($"faults: {uploads} uploads, seed {seed}, concurrency {concurrency}, stub stages {stageMs} ms");
        await using var stack = await LocalAwsStack.StartAsync(CancellationToken.None);
        var report = await FaultSoak.RunAsync(
            new FaultSoakOptions { Uploads = uploads, Seed = seed, Concurrency = concurrency, StageDelay = TimeSpan.FromMilliseconds(stageMs), ProcessorCommand = processor },
            stack,
            NullLoggerFactory.Instance,
            Console.Out,
            CancellationToken.None);
        Console.WriteLine(report.Format());
        return report.Passed ? 0 : 1;
    }
}
