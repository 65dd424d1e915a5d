using Quiver.Transport.Bench;

// Cross-process transport benchmark: this process publishes, a child process of the same program
// subscribes. Usage: dotnet run -c Release --project bench/Quiver.Transport.Bench [-- [--quick] [--spin <µs>] [--idle <ms>] [--pin]]
// (--spin overrides the subscribers' SpinBeforeWait on the ring path; --idle pauses the sender before
// every latency sample, so every receiver is asleep when it comes; --pin keeps sender and receiver on
// CPUs 0 and 1, CorePinning.cs), or [-- --wakeups] (Wakeups.cs),
// or [-- --peers [--quick] [--figure <svg path>]] (PeerBenchmark.cs: NetMQ and gRPC in the same run),
// or [-- --evolution [--quick]] (EvolutionBenchmark.cs: identical vs evolved publisher schema).
// The child roles ("quiver-subscriber", "socket-receiver", "wakeup-sleeper", "netmq-receiver",
// "grpc-server", "grpc-stream-client") are started by the benchmark itself; "quiver-publisher" by
// bench/python, whose subscribers are Python processes.
CorePinning.PinChildIfAsked();
if (args.Contains("--pin"))
    CorePinning.PinSender();
return args.FirstOrDefault() switch
{
    "quiver-subscriber" => BenchSubscriber.Run(args[1], args[2], args.ElementAtOrDefault(3), args.ElementAtOrDefault(4), args.ElementAtOrDefault(5)),
    "quiver-publisher" => BenchPublisher.Run(args[1], args[2], int.Parse(args[3]), int.Parse(args[4])),
    "socket-receiver" => SocketBaseline.Receive(args[1], args[2]),
    "wakeup-sleeper" => Wakeups.Sleep(args[1], args[2], args[3], args[4]),
    "netmq-receiver" => NetMqPeer.Receive(args[1], args[2]),
    "grpc-server" => GrpcPeer.ServeUnary(args[1], args[2]),
    "grpc-stream-client" => GrpcPeer.ReadStream(args[1], args[2]),
    "--wakeups" => Wakeups.Run(),
    "--peers" => PeerBenchmark.Run(quick: args.Contains("--quick"), FigureArgument(args)),
    "--evolution" => EvolutionBenchmark.Run(quick: args.Contains("--quick")),
    "--soak" => Soak.Run(args.Length > 1 ? int.Parse(args[1]) : 1_000_000),
    _ => TransportBenchmark.Run(quick: args.Contains("--quick"), spin: SpinArgument(args), idle: IdleArgument(args)),
};

static TimeSpan IdleArgument(string[] args)
{
    int at = Array.IndexOf(args, "--idle");
    return at >= 0 && at + 1 < args.Length ? TimeSpan.FromMilliseconds(double.Parse(args[at + 1])) : TimeSpan.Zero;
}

static TimeSpan? SpinArgument(string[] args)
{
    int at = Array.IndexOf(args, "--spin");
    return at >= 0 && at + 1 < args.Length ? TimeSpan.FromMicroseconds(double.Parse(args[at + 1])) : null;
}

static string FigureArgument(string[] args)
{
    int at = Array.IndexOf(args, "--figure");
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : "benchmarks-peers.svg";
}
