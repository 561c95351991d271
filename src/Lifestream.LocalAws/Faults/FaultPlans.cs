namespace Lifestream.LocalAws.Faults;

/// <summary>A fault for the first <paramref name="Times"/> requests matching <paramref name="Matches"/>.</summary>
public sealed record FaultRule(Func<FaultRequest, bool> Matches, InjectedFault Fault, int Times = 1)
{
    /// <summary>Requests of one operation (e.g. "PutItem") whose body mentions <paramref name="bodyContains"/> (e.g. a table name).</summary>
    public static FaultRule On(string operation, InjectedFault fault, string? bodyContains = null, int times = 1) =>
        new(
            r => string.Equals(r.Operation, operation, StringComparison.Ordinal)
                && (bodyContains is null || r.Body.Contains(bodyContains, StringComparison.Ordinal)),
            fault,
            times);
}

/// <summary>Deterministic faults for tests: each rule fires on its first matching requests, then never again.</summary>
public sealed class ScriptedFaultPlan(params FaultRule[] rules) : IFaultPlan
{
    private readonly Lock gate = new();
    private readonly int[] fired = new int[rules.Length];

    public InjectedFault Decide(FaultRequest request)
    {
        lock (gate)
        {
            for (var i = 0; i < rules.Length; i++)
            {
                if (fired[i] < rules[i].Times && rules[i].Matches(request))
                {
                    fired[i]++;
                    return rules[i].Fault;
                }
            }

            return InjectedFault.None;
        }
    }
}

/// <summary>Rates of each fault kind, as fractions of the requests they apply to.</summary>
public sealed record FaultRates
{
    /// <summary>Any request: answered "throttled" without being sent.</summary>
    public double Throttled { get; init; }

    /// <summary>Any request: answered 500 without being sent.</summary>
    public double Unavailable { get; init; }

    /// <summary>Writes only (PutItem, UpdateItem, DeleteItem, TransactWriteItems): applied, then answered 500.</summary>
    public double AppliedThenServerError { get; init; }

    /// <summary>Writes only: applied, then the connection is lost.</summary>
    public double AppliedThenConnectionLost { get; init; }
}

/// <summary>
/// Random faults from a seed, for soaks ("5% throttling, 2% applied-then-500"): the same seed and the same request
/// order give the same faults. Applied-then-lost faults hit only DynamoDB writes, where "did it apply?" matters.
/// </summary>
public sealed class SeededFaultPlan(int seed, FaultRates rates) : IFaultPlan
{
    private static readonly HashSet<string> Writes = new(StringComparer.Ordinal) { "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems" };
    private readonly Random random = new(seed);
    private readonly Lock gate = new();

    public InjectedFault Decide(FaultRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        double roll;
        lock (gate)
        {
            roll = random.NextDouble();
        }

        var isWrite = request.Service == "dynamodb" && Writes.Contains(request.Operation);
        var edge = rates.Throttled;
        if (roll < edge)
        {
            return InjectedFault.Throttled;
        }

        if (roll < (edge += rates.Unavailable))
        {
            return InjectedFault.Unavailable;
        }

        if (isWrite && roll < (edge += rates.AppliedThenServerError))
        {
            return InjectedFault.AppliedThenServerError;
        }

        if (isWrite && roll < edge + rates.AppliedThenConnectionLost)
        {
            return InjectedFault.AppliedThenConnectionLost;
        }

        return InjectedFault.None;
    }
}
