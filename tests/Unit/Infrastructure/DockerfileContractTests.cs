using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lifestream.Core.Processing;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>
/// Dockerfile.processor.ecs cannot be built here (no Docker daemon); these checks hold it to what the task
/// definition and the processor host expect.
/// </summary>
public sealed partial class DockerfileContractTests
{
    private static readonly string Root = RepositoryTerraformModule.RepositoryRoot;

    /// <summary>Instructions with line continuations joined, grouped by build stage name.</summary>
    private static readonly Lazy<List<(string Stage, string Instruction)>> Instructions = new(ReadInstructions);

    private static IEnumerable<string> Stage(string name) =>
        Instructions.Value.Where(i => i.Stage == name).Select(i => i.Instruction);

    [Fact]
    public void The_final_stage_is_the_runtime_running_the_processor_host_as_a_non_root_user()
    {
        Assert.Equal("runtime", Instructions.Value[^1].Stage);
        var user = Assert.Single(Stage("runtime"), i => i.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..];
        var uid = int.Parse(user.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(uid >= 1000, $"USER {user} is a system/root id");

        var entrypoint = Assert.Single(Stage("runtime"), i => i.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.Equal($"ENTRYPOINT [\"/app/{ProcessorAssemblyName()}\"]", entrypoint);
    }

    [Fact]
    public async Task Image_environment_uses_the_processor_names_and_the_terraform_model_paths()
    {
        var env = RuntimeEnvironment();
        var processorNames = TerraformAssert.StringConstants(typeof(ProcessorEnvironmentVariables), nameof(ProcessorEnvironmentVariables.DefaultWorkDir));

        Assert.All(env.Keys.Where(k => !k.StartsWith("DOTNET_", StringComparison.Ordinal)), name => Assert.Contains(name, processorNames));
        Assert.Equal(ProcessorEnvironmentVariables.DefaultWorkDir, env[ProcessorEnvironmentVariables.WorkDir]);

        var module = await RepositoryTerraformModule.GetAsync();
        Assert.Equal(module.Variables["whisper_model_path"].Default!.GetValue<string>(), env[ProcessorEnvironmentVariables.WhisperModelPath]);
        Assert.Equal(module.Variables["vad_model_path"].Default!.GetValue<string>(), env[ProcessorEnvironmentVariables.VadModelPath]);
    }

    [Fact]
    public void Runtime_has_ffmpeg_and_the_offline_asr_engine()
    {
        var install = string.Join(' ', Stage("runtime").Where(i => i.Contains("apt-get install", StringComparison.Ordinal)));

        foreach (var package in new[] { "ffmpeg", "libpocketsphinx3", "pocketsphinx-en-us" })
        {
            Assert.Matches($@"\s{Regex.Escape(package)}(\s|$)", install);
        }

        Assert.DoesNotContain(Stage("runtime"), i => i.Contains("curl", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scene_decoder_is_built_on_the_runtimes_distribution_by_its_build_script_and_lands_beside_the_host()
    {
        var from = Assert.Single(Stage("frames"), i => i.StartsWith("FROM ", StringComparison.Ordinal));
        var runtimeFrom = Assert.Single(Stage("runtime"), i => i.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.Equal(runtimeFrom.Split(' ')[1], from.Split(' ')[1]);
        Assert.Contains(Stage("frames"), i => i.Contains("bash /src/native/build.sh /out/lifestream-frames", StringComparison.Ordinal));
        Assert.Contains("COPY --from=frames /out/lifestream-frames /app/lifestream-frames", Stage("runtime"));
        Assert.True(File.Exists(Path.Combine(Root, "src", "Lifestream.Pipeline", "Scenes", "Native", "build.sh")));
    }

    [Fact]
    public void Every_model_download_is_pinned_and_tokens_only_come_from_secret_mounts()
    {
        var all = Instructions.Value.Select(i => i.Instruction).ToList();
        var downloads = all.Where(i => i.Contains("fetch_model.sh \"", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, downloads.Count);
        foreach (var download in downloads)
        {
            Assert.Matches(@"fetch_model\.sh ""\$\{\w+_URL\}"" ""\$\{\w+_SHA256\}""", download);
            if (download.Contains("/run/secrets/", StringComparison.Ordinal))
            {
                Assert.Contains("--mount=type=secret,id=model_token", download, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(all, i => SecretLikeDeclaration().IsMatch(i));
    }

    [Fact]
    public void The_publish_stage_copies_every_project_the_processor_host_depends_on()
    {
        var copied = Stage("publish")
            .Where(i => i.StartsWith("COPY src/", StringComparison.Ordinal) && i.EndsWith('/'))
            .Select(i => i.Split(' ')[1].TrimEnd('/'))
            .ToHashSet(StringComparer.Ordinal);

        var needed = ProcessorProjectFolders();

        Assert.Subset(copied, needed);
    }

    [Fact]
    public void The_restore_layer_copies_the_project_file_of_every_project_the_processor_host_depends_on()
    {
        var copied = Stage("publish")
            .Where(i => i.StartsWith("COPY src/", StringComparison.Ordinal) && i.Split(' ')[1].EndsWith(".csproj", StringComparison.Ordinal))
            .Select(i => i.Split(' ')[1][..i.Split(' ')[1].LastIndexOf('/')])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Subset(copied, ProcessorProjectFolders());
    }

    [Fact]
    public void The_image_holds_neither_the_evaluation_code_nor_the_dispatcher()
    {
        var copied = Stage("publish").Where(i => i.StartsWith("COPY src/", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(copied);
        Assert.DoesNotContain(copied, i => i.Contains("Lifestream.Evaluation", StringComparison.Ordinal));
        Assert.DoesNotContain(copied, i => i.Contains("Lifestream.Dispatcher.Lambda", StringComparison.Ordinal));
        Assert.DoesNotContain("Lifestream.Evaluation", RepositoryProjects.ClosureNames("Lifestream.Processor.Ecs"));
    }

    private static HashSet<string> ProcessorProjectFolders() =>
        RepositoryProjects.Closure(RepositoryProjects.Path("Lifestream.Processor.Ecs"))
            .Select(p => Path.GetRelativePath(Root, Path.GetDirectoryName(p)!).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Everything_the_build_copies_is_in_the_context_allowlist()
    {
        var allowed = File.ReadAllLines(Path.Combine(Root, "Dockerfile.processor.ecs.dockerignore"))
            .Where(l => l.StartsWith('!'))
            .Select(l => l[1..].Trim())
            .ToList();
        var sources = Instructions.Value
            .Select(i => i.Instruction)
            .Where(i => i.StartsWith("COPY ", StringComparison.Ordinal) && !i.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(i => i.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1].Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.Contains(allowed, a => source == a || (a.EndsWith('/') && source.StartsWith(a, StringComparison.Ordinal))));
    }

    private static Dictionary<string, string> RuntimeEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in Stage("runtime").Where(i => i.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (Match pair in EnvPair().Matches(instruction["ENV ".Length..]))
            {
                env[pair.Groups["name"].Value] = pair.Groups["value"].Value;
            }
        }

        return env;
    }

    private static string ProcessorAssemblyName()
    {
        var project = Path.Combine(Root, "src", "Lifestream.Processor.Ecs", "Lifestream.Processor.Ecs.csproj");
        var assemblyName = XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value;
        return string.IsNullOrWhiteSpace(assemblyName) ? Path.GetFileNameWithoutExtension(project) : assemblyName;
    }

    private static List<(string Stage, string Instruction)> ReadInstructions()
    {
        var text = File.ReadAllText(Path.Combine(Root, "Dockerfile.processor.ecs"));
        var lines = text.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).ToList();
        var joined = Regex.Replace(string.Join('\n', lines), @"\\\n\s*", " ");
        var result = new List<(string, string)>();
        var stage = string.Empty;
        foreach (var line in joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var from = FromStage().Match(line);
            if (from.Success)
            {
                stage = from.Groups["stage"].Value;
            }

            result.Add((stage, line));
        }

        return result;
    }

    [GeneratedRegex(@"^FROM\s+\S+\s+AS\s+(?<stage>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FromStage();

    [GeneratedRegex(@"(?<name>[A-Z_][A-Z0-9_]*)=(?<value>\S*)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"^(ARG|ENV)\s+[^=\s]*(TOKEN|SECRET|PASSWORD|CREDENTIAL)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeDeclaration();
}
