using Quiver.Bench;

// Usage: dotnet run -c Release --project bench/Quiver.Bench [-- --quick] [--send-path]
// Without --send-path: the zero-copy read benchmark; with it: the typed send path, step by step.
var quick = args.Contains("--quick");
Console.WriteLine(args.Contains("--send-path") ? SendPathBenchmark.Run(quick) : ZeroCopyReadBenchmark.Run(quick));
