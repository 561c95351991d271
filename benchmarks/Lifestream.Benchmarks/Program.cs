using BenchmarkDotNet.Running;
using Lifestream.Benchmarks.Commands.EndToEnd;

// BenchmarkDotNet suites by default; `e2e`, `flow`, `lambda-start`, `api-start`, `api-load`, `speech`, `faults` (the seeded fault-injection soak) and `streaming` (streaming intake on vs
// off, loopback and throttled) are measured commands; `report` writes docs/benchmarks.md.
return args.FirstOrDefault() switch
{
    "e2e" => await EndToEndBenchmark.RunAsync(args[1..]),
    "flow" => await SubmitToResultsBenchmark.RunAsync(args[1..]),
    "streaming" => await Lifestream.Benchmarks.Commands.StreamingIntake.StreamingIntakeBenchmark.RunAsync(args[1..]),
    "lambda-start" => await Lifestream.Benchmarks.Commands.LambdaStartup.LambdaStartupBenchmark.RunAsync(args[1..]),
    "api-start" => await Lifestream.Benchmarks.Commands.Api.ApiStartBenchmark.RunAsync(args[1..]),
    "api-load" => await Lifestream.Benchmarks.Commands.Api.ApiLoadBenchmark.RunAsync(args[1..]),
    "speech" => await Lifestream.Benchmarks.Commands.Speech.SpeechBranchBenchmark.RunAsync(args[1..]),
    "speech-run" => await Lifestream.Benchmarks.Commands.Speech.SpeechBranchBenchmark.RunChildAsync(args[1..]),
    "faults" => await Lifestream.Benchmarks.Commands.Faults.FaultSoakCommand.RunAsync(args[1..]),
    "report" => await Lifestream.Benchmarks.Commands.Report.BenchmarkReport.WriteAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(EndToEndBenchmark).Assembly).Run(args);
    return 0;
}
