using Quiver.Chaos;

// The chaos soak (docs/benchmarks.md, "Chaos soak"). Usage:
//   dotnet run -c Release --project bench/Quiver.Chaos [-- [--messages N] [--seed S] [--kill-every <seconds>] [--publisher-kill-at N]]
// runs it (10,000,000 samples by default) and prints what it saw; the exit code is 0 only if every check held.
// The roles "publisher <seed> <messages> <subscribers> <progress every>" and "subscriber <seed>" are its children.
return args.FirstOrDefault() switch
{
    "publisher" => ChaosPublisher.Run(ulong.Parse(args[1]), long.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4])),
    "subscriber" => ChaosSubscriber.Run(ulong.Parse(args[1])),
    _ => Soak(args),
};

static int Soak(string[] args)
{
    long messages = long.Parse(Argument(args, "--messages") ?? "10000000");
    var options = new ChaosOptions
    {
        Messages = messages,
        Seed = ulong.Parse(Argument(args, "--seed") ?? "1"),
        ProgressEvery = (int)Math.Clamp(messages / 500, 1_000, 20_000),
        SubscriberKillEvery = TimeSpan.FromSeconds(double.Parse(Argument(args, "--kill-every") ?? "3")),
        PublisherKillAt = long.Parse(Argument(args, "--publisher-kill-at") ?? (messages / 2).ToString()),
        Children = ChaosChildren.InRepository(RepositoryRoot()),
        Log = Console.WriteLine,
    };
    var report = ChaosRun.Execute(options);
    foreach (var line in report.Describe())
        Console.WriteLine(line);
    var problems = ChaosChecks.Problems(report);
    foreach (var problem in problems)
        Console.WriteLine($"PROBLEM: {problem}");
    Console.WriteLine(problems.Count == 0 ? "Every check held." : $"{problems.Count} problems.");
    return problems.Count == 0 ? 0 : 1;
}

static string? Argument(string[] args, string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Quiver.slnx")))
            return directory.FullName;
    }
    throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Quiver.slnx: run the soak from its repository.");
}
