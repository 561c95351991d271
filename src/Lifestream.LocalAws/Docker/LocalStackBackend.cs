using Testcontainers.LocalStack;

namespace Lifestream.LocalAws.Docker;

/// <summary>LocalStack in a container via Testcontainers: used where a Docker daemon exists.</summary>
public static class LocalStackBackend
{
    public static async Task<(Uri Endpoint, IAsyncDisposable Container)> StartAsync(CancellationToken cancellationToken)
    {
        var container = new LocalStackBuilder(LocalAwsDefaults.LocalStackImage)
            .WithEnvironment("SERVICES", "s3,sqs,dynamodb")
            .Build();
        await container.StartAsync(cancellationToken).ConfigureAwait(false);
        return (new Uri(container.GetConnectionString()), container);
    }
}
