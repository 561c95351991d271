// Lifestream build. Run through ./build.sh (restores Cake from the tool manifest first):
//   ./build.sh --target=Test      everything CI runs: setup, build, unit + integration tests
//   ./build.sh --target=Demo      the main job offline on the bundled sample video
// Targets: Setup, WebBuild, Build, UnitTest, IntegrationTest, Test, Bench, Demo, Fixtures, LambdaPublish, LambdaZip, ApiPublish, ApiZip,
//          TerraformFmt, LocalStackApply (documentation only: needs Docker + LocalStack + tflocal).

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var video = Argument("video", "fixtures/meeting-60s/meeting-60s.mp4");
var outDir = Argument("out", "out/demo");
var benchFilter = Argument("bench-filter", "*");

var solution = "./Lifestream.slnx";
var artifacts = Directory("./artifacts");
var testResults = artifacts + Directory("test-results");
var failures = new List<string>();

void Run(string file, string args, string workingDirectory = ".")
{
    var exit = StartProcess(file, new ProcessSettings { Arguments = args, WorkingDirectory = workingDirectory });
    if (exit != 0)
    {
        throw new Exception($"'{file} {args}' in {workingDirectory} exited with code {exit}.");
    }
}

void RunTests(string project, string name)
{
    // Keep going after a failing project so CI reports every project's counts; fail at the end.
    try
    {
        DotNetTest(project, new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            ResultsDirectory = testResults,
            Loggers = new[] { $"trx;LogFileName={name}.trx" },
        });
    }
    catch (Exception ex)
    {
        failures.Add($"{name}: {ex.Message}");
    }
}

Task("Setup")
    .Description("Installs system packages (apt), npm-pinned tools and offline models; fast when already done.")
    .Does(() => Run("bash", "scripts/setup.sh"));

Task("WebBuild")
    .Description("Type-checks and builds the web app (src/Lifestream.Web → dist/; Vite from the npm lock file, installed by Setup).")
    .IsDependentOn("Setup")
    .Does(() => Run("npm", "run build --silent", "./src/Lifestream.Web"));

Task("Build")
    .IsDependentOn("Setup")
    .IsDependentOn("WebBuild")
    .Does(() =>
    {
        DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
    });

Task("UnitTest")
    .IsDependentOn("Build")
    .Does(() => RunTests("./tests/Unit/Lifestream.Tests.Unit.csproj", "unit"));

Task("IntegrationTest")
    .Description("Against real ffmpeg, model runtimes and the local AWS emulators (started and stopped by the tests).")
    .IsDependentOn("Build")
    .Does(() => RunTests("./tests/Integration/Lifestream.Tests.Integration.csproj", "integration"));

Task("Test")
    .IsDependentOn("UnitTest")
    .IsDependentOn("IntegrationTest")
    .Does(() =>
    {
        if (failures.Count > 0)
        {
            throw new Exception("Tests failed: " + string.Join("; ", failures));
        }
    });

Task("Demo")
    .Description("Runs the whole pipeline offline on the sample video and writes every document to --out.")
    .IsDependentOn("Build")
    .Does(() =>
    {
        DotNetRun("./src/Lifestream.Cli/Lifestream.Cli.csproj", new ProcessArgumentBuilder()
            .Append("process").AppendQuoted(video).Append("--out").AppendQuoted(outDir),
            new DotNetRunSettings { Configuration = configuration, NoBuild = true, NoRestore = true });
    });

Task("Fixtures")
    .Description("Regenerates the sample videos and their ground truth (deterministic).")
    .IsDependentOn("Setup")
    .Does(() => Run("bash", "fixtures/generate.sh"));

Task("Bench")
    .Description("BenchmarkDotNet suites (short in-process jobs), Lambda host start-up (framework-dependent vs the ReadyToRun publish), the end-to-end command on the fixtures and 1/5/20-minute videos, then docs/benchmarks.md.")
    .IsDependentOn("Build")
    .IsDependentOn("LambdaPublish")
    .IsDependentOn("ApiPublish")
    .Does(() =>
    {
        var bench = "./benchmarks/Lifestream.Benchmarks/bin/Release/net10.0/Lifestream.Benchmarks.dll";
        if (configuration != "Release")
        {
            DotNetBuild("./benchmarks/Lifestream.Benchmarks/Lifestream.Benchmarks.csproj", new DotNetBuildSettings { Configuration = "Release" });
        }

        CleanDirectory("./BenchmarkDotNet.Artifacts/results");
        Run("dotnet", $"{bench} --filter \"{benchFilter}\" --job short --inProcess --exporters json markdown");
        if (GetFiles("./BenchmarkDotNet.Artifacts/results/*-report-github.md").Count == 0)
        {
            throw new Exception("BenchmarkDotNet wrote no report (a Debug build refuses to run but exits 0).");
        }

        // Measures the Release build's bootstrap (baseline) against the LambdaPublish output, process start to first response.
        Run("dotnet", $"{bench} lambda-start --runs {Argument("lambda-runs", "10")}");
        // The API host's cold start (Release vs the ApiPublish output) and its loopback load test.
        Run("dotnet", $"{bench} api-start --runs {Argument("api-runs", "10")}");
        Run("dotnet", $"{bench} api-load --clients 50 --seconds {Argument("api-load-seconds", "20")}");
        Run("dotnet", $"{bench} speech --lengths {Argument("speech-lengths", "20")}");
        Run("dotnet", $"{bench} e2e --lengths {Argument("lengths", "1,5,20")}");
        Run("dotnet", $"{bench} report");
    });

Task("LambdaPublish")
    .Description("Publishes the dispatcher as a Native AOT linux-x64 'bootstrap' for provided.al2023 into artifacts/lambda (-p:LambdaReadyToRun=true in the csproj's terms gives the trimmed composite ReadyToRun fallback).")
    .Does(() =>
    {
        var publishDir = artifacts + Directory("lambda");
        CleanDirectory(publishDir);
        DotNetPublish("./src/Lifestream.Dispatcher.Lambda/Lifestream.Dispatcher.Lambda.csproj", new DotNetPublishSettings
        {
            Configuration = "Release",
            Runtime = "linux-x64",
            SelfContained = true,
            OutputDirectory = publishDir,
        });
    });

Task("LambdaZip")
    .Description("Zips the LambdaPublish output as the Lambda deployment package.")
    .IsDependentOn("LambdaPublish")
    .Does(() =>
    {
        Zip(artifacts + Directory("lambda"), artifacts + File("dispatcher-lambda.zip"));
        Information($"Lambda package: {artifacts}/dispatcher-lambda.zip");
    });

Task("ApiPublish")
    .Description("Publishes the upload API as a self-contained, trimmed, composite ReadyToRun linux-x64 app with its Lambda 'bootstrap' into artifacts/api (docs/api.md).")
    .Does(() =>
    {
        var publishDir = artifacts + Directory("api");
        CleanDirectory(publishDir);
        DotNetPublish("./src/Lifestream.Api/Lifestream.Api.csproj", new DotNetPublishSettings
        {
            Configuration = "Release",
            Runtime = "linux-x64",
            SelfContained = true,
            OutputDirectory = publishDir,
        });
    });

Task("ApiZip")
    .Description("Zips the ApiPublish output as the API Lambda's deployment package (terraform var api_zip_path).")
    .IsDependentOn("ApiPublish")
    .Does(() =>
    {
        Zip(artifacts + Directory("api"), artifacts + File("api-lambda.zip"));
        Information($"API Lambda package: {artifacts}/api-lambda.zip");
    });

Task("TerraformFmt")
    .Description("terraform fmt -check -recursive (providers cannot be downloaded here, so no validate/plan).")
    .Does(() =>
    {
        if (StartProcess("bash", new ProcessSettings { Arguments = "-c \"command -v terraform\"", Silent = true }) != 0)
        {
            Warning("terraform is not on PATH: fmt check not run.");
            return;
        }

        Run("terraform", "fmt -check -recursive terraform");
    });

Task("LocalStackApply")
    .Description("NOT RUN IN CI HERE (no Docker daemon, no provider downloads): terraform apply against LocalStack.")
    .Does(() =>
    {
        // Where Docker, LocalStack (pinned image, see LocalAwsDefaults) and registry access exist:
        //   docker run -d -p 4566:4566 localstack/localstack:3.8.1
        //   copy terraform/ to a scratch folder, add terraform/localstack/localstack_override.tf (tflocal-style
        //   endpoints), then: terraform init && terraform apply -var-file=localstack/local.tfvars
        // LocalStack's free edition has no ECS, so the ECS resources cannot be applied there (docs/deploy.md).
        throw new Exception("LocalStackApply is documentation only on these machines: see docs/deploy.md.");
    });

RunTarget(target);
