using Quiver.Bench;

// Usage: dotnet run -c Release --project bench/Quiver.Bench [-- --quick] [--send-path | --receive-path | --apache-arrow]
// By default: the zero-copy read benchmark; --send-path: the typed send path, step by step;
// --receive-path: a typed message's round trip against a raw one, its steps, and the transport's and lease's hand-over steps;
// --apache-arrow: one record batch message read by Quiver's readers and by Apache.Arrow's.
var quick = args.Contains("--quick");
Console.WriteLine(
    args.Contains("--send-path") ? SendPathBenchmark.Run(quick)
    : args.Contains("--receive-path") ? ReceivePathBenchmark.Run(quick)
    : args.Contains("--apache-arrow") ? ApacheArrowReadBenchmark.Run(quick)
    : ZeroCopyReadBenchmark.Run(quick));
