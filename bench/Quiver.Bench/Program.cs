using Quiver.Bench;

// Usage: dotnet run -c Release --project bench/Quiver.Bench [-- --quick] [--send-path | --apache-arrow]
// By default: the zero-copy read benchmark; --send-path: the typed send path, step by step;
// --apache-arrow: one record batch message read by Quiver's readers and by Apache.Arrow's.
var quick = args.Contains("--quick");
Console.WriteLine(
    args.Contains("--send-path") ? SendPathBenchmark.Run(quick)
    : args.Contains("--apache-arrow") ? ApacheArrowReadBenchmark.Run(quick)
    : ZeroCopyReadBenchmark.Run(quick));
