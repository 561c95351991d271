namespace Lifestream.LocalAws.Emulators;

/// <summary>Waits until an emulator answers over HTTP, failing fast if its process died.</summary>
public static class HealthProbe
{
    /// <summary>
    /// Polls <paramref name="url"/> until <paramref name="isHealthy"/> accepts a response. Throws
    /// <see cref="EmulatorStartException"/> when <paramref name="process"/> exits first or the timeout passes.
    /// </summary>
    public static async Task WaitAsync(
        Uri url,
        Func<HttpResponseMessage, bool> isHealthy,
        ManagedProcess? process,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isHealthy);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var name = process?.Name ?? url.ToString();
        string lastProblem = "no answer yet";
        while (true)
        {
            if (process is { HasExited: true })
            {
                // Let the output readers drain so the error names what the process said.
                using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
                {
                    try
                    {
                        await process.WaitForExitAsync(drain.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                throw new EmulatorStartException(
                    $"{name} exited with code {process.ExitCode} before it became healthy at {url}. Output:{Environment.NewLine}{process.RecentOutput}");
            }

            try
            {
                using var response = await http.GetAsync(url, deadline.Token).ConfigureAwait(false);
                if (isHealthy(response))
                {
                    return;
                }

                lastProblem = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                lastProblem = ex.Message;
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                lastProblem = "request timed out";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        throw new EmulatorStartException(
            $"{name} did not become healthy at {url} within {timeout.TotalSeconds:0.#} s ({lastProblem}). Output:{Environment.NewLine}{process?.RecentOutput}");
    }
}
