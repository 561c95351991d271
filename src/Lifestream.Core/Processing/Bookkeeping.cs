namespace Lifestream.Core.Processing;

/// <summary>
/// Retries one bookkeeping write (claim, job, result or report) until it succeeds or the budget's token fires.
/// Safe because every such write is idempotent for its attempt: the stores recognise their own applied writes,
/// and a transition already in its target state counts as done.
/// </summary>
internal static class Bookkeeping
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(2);

    public static async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> write, TimeProvider time, Action<Exception> onError, CancellationToken budget)
    {
        var pause = FirstPause;
        while (true)
        {
            try
            {
                return await write(budget);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !budget.IsCancellationRequested)
            {
                onError(ex);
            }

            await Task.Delay(pause, time, budget);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }
}
