using BenchmarkDotNet.Running;
using Lifestream.Benchmarks.EndToEnd;

// BenchmarkDotNet suites by default; `e2e`, `flow`, `lambda-start`, `api-start`, `api-load`, `speech` and `streaming` (streaming intake on vs
// off, loopback and throttled) are measured commands; `report` writes docs/benchmarks.md.
return args.FirstOrDefault() switch
{
    "e2e" => await EndToEndBenchmark.RunAsync(args[1..]),
    "flow" => await SubmitToResultsBenchmark.RunAsync(args[1..]),
    "streaming" => await Lifestream.Benchmarks.StreamingIntake.StreamingIntakeBenchmark.RunAsync(args[1..]),
    "lambda-start" => await Lifestream.Benchmarks.LambdaStartup.LambdaStartupBenchmark.RunAsync(args[1..]),
    "api-start" => await Lifestream.Benchmarks.Api.ApiStartBenchmark.RunAsync(args[1..]),
    "api-load" => await Lifestream.Benchmarks.Api.ApiLoadBenchmark.RunAsync(args[1..]),
    "speech" => await Lifestream.Benchmarks.Speech.SpeechBranchBenchmark.RunAsync(args[1..]),
    "speech-run" => await Lifestream.Benchmarks.Speech.SpeechBranchBenchmark.RunChildAsync(args[1..]),
    "report" => await Lifestream.Benchmarks.Report.BenchmarkReport.WriteAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(EndToEndBenchmark).Assembly).Run(args);
    return 0;
}
