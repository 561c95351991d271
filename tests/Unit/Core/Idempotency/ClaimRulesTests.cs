using Lifestream.Core.Idempotency;

namespace Lifestream.Tests.Unit.Core.Idempotency;

public class ClaimRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, 1, null, ClaimDecision.Claimable)]
    [InlineData(ClaimState.Dispatched, 1, 60, ClaimDecision.LeaseHeld)]
    [InlineData(ClaimState.Dispatched, 1, 0, ClaimDecision.Claimable)]
    [InlineData(ClaimState.Dispatched, 1, -60, ClaimDecision.Claimable)]
    [InlineData(ClaimState.Running, 2, 60, ClaimDecision.LeaseHeld)]
    [InlineData(ClaimState.Running, 2, -1, ClaimDecision.Claimable)]
    [InlineData(ClaimState.Running, 3, null, ClaimDecision.Claimable)]
    [InlineData(ClaimState.Failed, 1, null, ClaimDecision.Claimable)]
    [InlineData(ClaimState.Failed, 2, null, ClaimDecision.Claimable)]
    [InlineData(ClaimState.Failed, 3, null, ClaimDecision.AttemptsExhausted)]
    [InlineData(ClaimState.Processed, 1, null, ClaimDecision.AlreadyProcessed)]
    [InlineData(ClaimState.Processed, 3, 60, ClaimDecision.AlreadyProcessed)]
    public void Decision_table_matches_docs(ClaimState? state, int attempt, int? leaseSecondsFromNow, ClaimDecision expected)
    {
        ClaimRecord? record = state is null ? null : new ClaimRecord
        {
            Key = "k|e",
            State = state.Value,
            JobId = "j",
            Attempt = attempt,
            LeaseExpiresAt = leaseSecondsFromNow is { } s ? Now.AddSeconds(s) : null,
            UpdatedAt = Now,
            ExpiresAtEpochSeconds = 0,
        };

        Assert.Equal(expected, ClaimRules.Evaluate(record, Now, maxAttempts: 3));
    }
}
