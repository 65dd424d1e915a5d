using Quiver.Bench;

// Usage: dotnet run -c Release --project bench/Quiver.Bench [-- --quick]
var quick = args.Contains("--quick");
Console.WriteLine(ZeroCopyReadBenchmark.Run(quick));
