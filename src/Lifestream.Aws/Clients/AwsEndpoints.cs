namespace Lifestream.Aws.Clients;

/// <summary>
/// Service endpoints, with the AWS SDK's standard variable semantics: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>
/// wins over <c>AWS_ENDPOINT_URL</c>; nothing set means the real AWS endpoints.
/// </summary>
public sealed record AwsEndpoints(Uri? S3, Uri? Sqs, Uri? DynamoDb, Uri? Ecs = null)
{
    public const string GlobalVariable = "AWS_ENDPOINT_URL";
    public const string S3Variable = "AWS_ENDPOINT_URL_S3";
    public const string SqsVariable = "AWS_ENDPOINT_URL_SQS";
    public const string DynamoDbVariable = "AWS_ENDPOINT_URL_DYNAMODB";
    public const string EcsVariable = "AWS_ENDPOINT_URL_ECS";

    public static AwsEndpoints None { get; } = new(null, null, null);

    /// <summary>True when at least one service is pointed somewhere other than AWS.</summary>
    public bool AnyOverridden => S3 is not null || Sqs is not null || DynamoDb is not null || Ecs is not null;

    /// <summary>True when S3, SQS and DynamoDB all have an endpoint.</summary>
    public bool CoversLocalStack => S3 is not null && Sqs is not null && DynamoDb is not null;

    public static AwsEndpoints FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var global = Parse(getVariable, GlobalVariable);
        return new AwsEndpoints(
            Parse(getVariable, S3Variable) ?? global,
            Parse(getVariable, SqsVariable) ?? global,
            Parse(getVariable, DynamoDbVariable) ?? global,
            Parse(getVariable, EcsVariable) ?? global);
    }

    public static AwsEndpoints FromProcessEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>The per-service variables a child process (processor task, CLI) needs to reach the same endpoints.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironmentVariables()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(env, S3Variable, S3);
        Add(env, SqsVariable, Sqs);
        Add(env, DynamoDbVariable, DynamoDb);
        Add(env, EcsVariable, Ecs);
        return env;
    }

    private static void Add(Dictionary<string, string> env, string name, Uri? value)
    {
        if (value is not null)
        {
            env[name] = value.ToString().TrimEnd('/');
        }
    }

    private static Uri? Parse(Func<string, string?> getVariable, string name)
    {
        var value = getVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"{name}='{value}' is not an absolute http(s) URL.");
        }

        return uri;
    }
}
