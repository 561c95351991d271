using Lifestream.Core.Idempotency;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Processing;

/// <summary>
/// Renews the claim lease while the task works, so the dispatcher does not hand the object to another
/// task. A renewal that returns false means another attempt owns the claim now: <c>onLost</c> is
/// invoked once and the heartbeat ends. Store errors are logged and retried on the next tick (if they
/// persist, the lease expires and the next renewal reports the loss).
/// </summary>
public sealed class ClaimLeaseHeartbeat(IIdempotencyStore claims, TimeProvider time, ILogger logger)
{
    public async Task RunAsync(IdempotencyKey key, string jobId, int attempt, TimeSpan interval, Action onLost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onLost);
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, cancellationToken);
                bool renewed;
                try
                {
                    renewed = await claims.TryRenewLeaseAsync(key, jobId, attempt, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Renewing the claim lease of job {JobId} failed; retrying next tick: {Error}", jobId, SecretRedactor.Redact(ex.Message));
                    continue;
                }

                if (!renewed)
                {
                    logger.LogError("Job {JobId} attempt {Attempt} lost its claim on {Key}; stopping work.", jobId, attempt, key);
                    onLost();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal stop.
        }
    }
}
