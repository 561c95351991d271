namespace Lifestream.LocalAws.Faults;

/// <summary>The faults the soak injects (issue 13, "The proof").</summary>
public enum SoakFault
{
    DuplicateDelivery,
    RunTaskFailure,
    RunTaskTimeoutAfterStart,
    ProcessorKill9,
    ProcessorSigterm,
    DispatcherCrash,
    DynamoDbThrottle,
    DynamoDbAppliedThen500,
    ObjectOverwritten,
}

/// <summary>The rate of each fault: per upload, or per DynamoDB request for the two DynamoDB faults.</summary>
public sealed record SoakFaultRates
{
    public static SoakFaultRates Default { get; } = new();

    public IReadOnlyDictionary<SoakFault, double> Rates { get; init; } = new Dictionary<SoakFault, double>
    {
        [SoakFault.DuplicateDelivery] = 0.30,
        [SoakFault.RunTaskFailure] = 0.10,
        [SoakFault.RunTaskTimeoutAfterStart] = 0.05,
        [SoakFault.ProcessorKill9] = 0.05,
        [SoakFault.ProcessorSigterm] = 0.02,
        [SoakFault.DispatcherCrash] = 0.02,
        [SoakFault.DynamoDbThrottle] = 0.05,
        [SoakFault.DynamoDbAppliedThen500] = 0.02,
        [SoakFault.ObjectOverwritten] = 0.01,
    };

    public static IReadOnlyList<SoakFault> PerUpload { get; } =
    [
        SoakFault.DuplicateDelivery, SoakFault.RunTaskFailure, SoakFault.RunTaskTimeoutAfterStart, SoakFault.ProcessorKill9,
        SoakFault.ProcessorSigterm, SoakFault.DispatcherCrash, SoakFault.ObjectOverwritten,
    ];
}

/// <summary>The faults of one upload, with the delays that make a kill land in a random stage.</summary>
public sealed record UploadFaults(int Index, IReadOnlySet<SoakFault> Faults, TimeSpan SignalDelay, TimeSpan OverwriteDelay);

/// <summary>
/// Which upload gets which fault, drawn from one seeded generator so a run can be repeated: per-upload faults by
/// their rate, and each kind at least once when there are enough uploads (a small CI run exercises all of them).
/// The launch faults (RunTask failure or timeout, crash, kill, SIGTERM) are exclusive per upload and hit its
/// first launch only; duplicate delivery and overwrite combine with any of them.
/// </summary>
public static class SoakFaultPlan
{
    private static readonly SoakFault[] LaunchFaults =
        [SoakFault.RunTaskFailure, SoakFault.RunTaskTimeoutAfterStart, SoakFault.ProcessorKill9, SoakFault.ProcessorSigterm, SoakFault.DispatcherCrash];

    public static IReadOnlyList<UploadFaults> Draw(int uploads, int seed, SoakFaultRates rates, TimeSpan maxSignalDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(uploads, 1);
        ArgumentNullException.ThrowIfNull(rates);
        var random = new Random(seed);
        var plans = new List<(HashSet<SoakFault> Faults, TimeSpan Signal, TimeSpan Overwrite)>(uploads);
        for (var i = 0; i < uploads; i++)
        {
            var faults = new HashSet<SoakFault>();
            var roll = random.NextDouble();
            foreach (var fault in LaunchFaults)
            {
                var rate = rates.Rates[fault];
                if (roll < rate)
                {
                    faults.Add(fault);
                    break;
                }

                roll -= rate;
            }

            if (random.NextDouble() < rates.Rates[SoakFault.DuplicateDelivery])
            {
                faults.Add(SoakFault.DuplicateDelivery);
            }

            if (random.NextDouble() < rates.Rates[SoakFault.ObjectOverwritten])
            {
                faults.Add(SoakFault.ObjectOverwritten);
            }

            plans.Add((faults, TimeSpan.FromMilliseconds(random.NextDouble() * maxSignalDelay.TotalMilliseconds), TimeSpan.FromMilliseconds(random.Next(0, 1500))));
        }

        // Every per-upload kind at least once: give a missing one to an upload without a launch fault (or the last ones).
        if (uploads >= SoakFaultRates.PerUpload.Count * 2)
        {
            var next = 0;
            foreach (var fault in SoakFaultRates.PerUpload.Where(f => plans.All(p => !p.Faults.Contains(f))))
            {
                while (LaunchFaults.Contains(fault) && plans[next].Faults.Overlaps(LaunchFaults))
                {
                    next++;
                }

                plans[next].Faults.Add(fault);
                next++;
            }
        }

        return [.. plans.Select((p, i) => new UploadFaults(i, p.Faults, p.Signal, p.Overwrite))];
    }
}
