using System.Reflection;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>
/// A stand-in for an AWS SDK client interface (IAmazonDynamoDB, ...): records every call and answers the
/// request-object overloads from registered handlers. Any other call fails the test.
/// </summary>
public class RecordingAwsClient<TClient> : DispatchProxy
    where TClient : class
{
    private readonly Dictionary<Type, Func<object, object>> handlers = [];

    public List<object> Requests { get; } = [];

    public TClient Client { get; private set; } = null!;

    internal void Attach(TClient client) => Client = client;

    /// <summary>Answers calls taking <typeparamref name="TRequest"/>; the handler may throw to simulate a service error.</summary>
    public RecordingAwsClient<TClient> On<TRequest, TResponse>(Func<TRequest, TResponse> handler)
    {
        handlers[typeof(TRequest)] = request => handler((TRequest)request)!;
        return this;
    }

    public IEnumerable<TRequest> RequestsOf<TRequest>() => Requests.OfType<TRequest>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var request = args?.FirstOrDefault();
        if (request is null || !handlers.TryGetValue(request.GetType(), out var handler))
        {
            throw new NotSupportedException($"Unexpected call {typeof(TClient).Name}.{targetMethod.Name}({request?.GetType().Name}).");
        }

        Requests.Add(request);
        var responseType = targetMethod.ReturnType.GetGenericArguments().Single();
        try
        {
            var response = handler(request);
            return typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(responseType).Invoke(null, [response]);
        }
        catch (Exception ex)
        {
            return typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!.MakeGenericMethod(responseType).Invoke(null, [ex]);
        }
    }
}

/// <summary>Creates <see cref="RecordingAwsClient{TClient}"/> instances.</summary>
public static class RecordingAwsClient
{
    public static RecordingAwsClient<TClient> Create<TClient>()
        where TClient : class
    {
        var client = DispatchProxy.Create<TClient, RecordingAwsClient<TClient>>();
        var recorder = (RecordingAwsClient<TClient>)(object)client;
        recorder.Attach(client);
        return recorder;
    }
}
