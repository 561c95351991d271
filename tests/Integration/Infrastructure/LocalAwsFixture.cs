using Lifestream.LocalAws;

namespace Lifestream.Tests.Integration.Infrastructure;

/// <summary>
/// One local AWS stack (emulators on free loopback ports, or AWS_ENDPOINT_URL*) shared by every test class
/// in the "LocalAws" collection, stopped when the collection ends — also when tests fail.
/// Tests isolate themselves with <see cref="UniqueName"/> prefixes for tables, queues and buckets.
/// </summary>
public sealed class LocalAwsFixture : IAsyncLifetime
{
    private LocalAwsStack? stack;

    public LocalAwsStack Stack => stack ?? throw new InvalidOperationException("The local AWS stack is not started.");

    /// <summary>A lowercase name unique to this run, valid for S3 buckets, SQS queues and DynamoDB tables.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)].ToLowerInvariant();

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        stack = await LocalAwsStack.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LocalAwsCollection : ICollectionFixture<LocalAwsFixture>
{
    public const string Name = "LocalAws";
}
