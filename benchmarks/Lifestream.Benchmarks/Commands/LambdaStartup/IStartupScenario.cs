namespace Lifestream.Benchmarks.Commands.LambdaStartup;

/// <summary>What the first event of a freshly started dispatcher host does, and how its answer is checked.</summary>
public interface IStartupScenario : IAsyncDisposable
{
    string Name { get; }

    string Description { get; }

    /// <summary>The host's environment (dispatcher settings and AWS endpoints), without AWS_LAMBDA_RUNTIME_API.</summary>
    IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The SQS event of run <paramref name="run"/>; each run may need fresh state (a new upload).</summary>
    Task<string> NextEventAsync(int run, CancellationToken cancellationToken);

    /// <summary>Null when the response shows the event was handled as expected; otherwise why not.</summary>
    string? Check(string responseBody);
}
