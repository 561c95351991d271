using System.Text.Json;
using System.Text.Json.Serialization;
using Lifestream.Aws.Clients;

namespace Lifestream.Cli.Local;

/// <summary>
/// What a running `lifestream local up` tells the other commands: its pid, the endpoints and the env name.
/// Stored as <c>.lifestream/local.json</c> in the current directory (or <c>LIFESTREAM_STATE_DIR</c>).
/// </summary>
public sealed record LocalStackState(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("env")] string EnvName,
    [property: JsonPropertyName("s3")] Uri S3,
    [property: JsonPropertyName("sqs")] Uri Sqs,
    [property: JsonPropertyName("dynamodb")] Uri DynamoDb,
    [property: JsonPropertyName("work_dir")] string WorkDir,
    [property: JsonPropertyName("api")] Uri? Api = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Directory => Environment.GetEnvironmentVariable("LIFESTREAM_STATE_DIR") ?? Path.Combine(Environment.CurrentDirectory, ".lifestream");

    public static string FilePath => Path.Combine(Directory, "local.json");

    public static string LogPath => Path.Combine(Directory, "local.log");

    [JsonIgnore]
    public AwsEndpoints Endpoints => new(S3, Sqs, DynamoDb);

    public static LocalStackState? TryRead()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        return JsonSerializer.Deserialize<LocalStackState>(File.ReadAllText(FilePath), Json);
    }

    /// <summary>The running stack, or an error telling the user to start it.</summary>
    public static LocalStackState Require()
    {
        var state = TryRead() ?? throw new CliException($"No local stack is running here ({FilePath} is missing). Start one with: lifestream local up --detach");
        if (!Lifestream.LocalAws.Emulators.ProcessTree.IsAlive(state.Pid))
        {
            throw new CliException($"The local stack recorded in {FilePath} (pid {state.Pid}) is not running any more. Start it again with: lifestream local up --detach");
        }

        return state;
    }

    public void Write()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = FilePath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, FilePath, overwrite: true);
    }

    public static void Delete()
    {
        if (File.Exists(FilePath))
        {
            File.Delete(FilePath);
        }
    }
}
