using Quiver.Bridge.Bench;

// The bridge benchmark (docs/benchmarks.md, "Bridge across hosts"): a 3-node NATS cluster with
// JetStream on loopback, host A (this process publishing, `quiver bridge` exporting) and host B
// (`quiver bridge` importing, this program again as the receiver), against bare NATS.Net publish ->
// subscribe of the same bytes in the same run; the same in reliable mode against a bare JetStream
// publish -> consume; then chunking alone.
//   (no arguments)                 runs everything and prints the tables
//   receive <topic>                host B's receiver: "READY", then "RESULT <count> <latencies ns, comma-separated> <first> <last>"
//   chunking                       chunking alone (no NATS needed), printed in GB/s
return args switch
{
    ["receive", var topic] => Receiver.Run(topic),
    ["chunking"] => Chunking.Print(),
    _ => await Orchestrator.RunAsync(),
};
