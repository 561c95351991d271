namespace Lifestream.Dispatcher.Lambda.Runtime;

/// <summary>The Lambda Runtime API (custom runtime, <c>provided.al2023</c>); small so tests can fake it.</summary>
public interface ILambdaRuntimeClient
{
    /// <summary>Blocks until the next event arrives.</summary>
    Task<LambdaInvocation> NextInvocationAsync(CancellationToken cancellationToken);

    Task PostResponseAsync(string requestId, byte[] response, CancellationToken cancellationToken);

    Task PostErrorAsync(string requestId, LambdaError failure, CancellationToken cancellationToken);

    /// <summary>Reports that the function could not initialise (bad configuration); the platform then stops the sandbox.</summary>
    Task PostInitErrorAsync(LambdaError failure, CancellationToken cancellationToken);
}

/// <summary>Handles one invocation's payload and returns the response JSON.</summary>
public interface ILambdaHandler
{
    Task<byte[]> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken);
}
