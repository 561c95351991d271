using BenchmarkDotNet.Running;
using Lifestream.Benchmarks.EndToEnd;

// BenchmarkDotNet suites by default; `e2e` runs the measured end-to-end command; `flow` submit → results through the
// local AWS flow; `streaming` streaming intake on vs off (loopback and throttled); `report` writes docs/benchmarks.md.
return args.FirstOrDefault() switch
{
    "e2e" => await EndToEndBenchmark.RunAsync(args[1..]),
    "flow" => await SubmitToResultsBenchmark.RunAsync(args[1..]),
    "streaming" => await Lifestream.Benchmarks.StreamingIntake.StreamingIntakeBenchmark.RunAsync(args[1..]),
    "report" => await Lifestream.Benchmarks.Report.BenchmarkReport.WriteAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(EndToEndBenchmark).Assembly).Run(args);
    return 0;
}
