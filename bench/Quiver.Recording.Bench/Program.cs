using System.Diagnostics;
using Quiver.Recording;
using Quiver.Transport;

// The cost of recording (docs/benchmarks.md, "Recording"): a publisher runs for a few seconds alone,
// then as long again with Quiver.Recording's recorder subscribed, in the same process and run.
// Two workloads: 1080p RGB frames (6 220 800 bytes) at 30 per second, and 64-byte messages sent
// as fast as the publisher can. Reported: messages sent, the process's CPU time per second of
// wall time (publisher alone vs publisher + recorder), and what the recorder missed (skipped by
// the publisher, dropped by the recorder's queue). The recorder writes whatever bytes a sample
// holds, so the payload is raw bytes of the size of the message.
// Usage: Quiver.Recording.Bench [seconds per phase] [recording directory]   (default 3 s, a temp folder)
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var root = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"quiver-recording-bench-{Environment.ProcessId}");
var runtime = Path.Combine(Path.GetTempPath(), $"qv-rb-{Environment.ProcessId}");
Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, runtime);
var phase = TimeSpan.FromSeconds(seconds);
try
{
    Console.WriteLine($"recording bench: {seconds} s per phase, recordings in {root}");
    Console.WriteLine("workload          phase              sent      msgs/s     CPU s/s   skipped  dropped  written");
    Run("1080p @ 30/s", 1920 * 1080 * 3, TimeSpan.FromSeconds(1.0 / 30));
    Run("64 B, max rate", 64, TimeSpan.Zero);
}
finally
{
    if (Directory.Exists(root))
        Directory.Delete(root, recursive: true);
    if (Directory.Exists(runtime))
        Directory.Delete(runtime, recursive: true);
}

void Run(string workload, int length, TimeSpan interval)
{
    var topic = $"bench/{length}";
    using var publisher = Publisher.Create(topic, new TopicContract("bench.Bytes", 1, new byte[8]),
        new PublisherOptions { Pool = new Quiver.SharedMemory.SampleAllocatorOptions { SegmentSize = Math.Max(16 << 20, 8 * length) } });
    var alone = Publish(publisher, length, interval);
    Report(workload, "publisher alone", alone, null);
    var directory = Path.Combine(root, topic.Replace('/', '-'));
    using var recorder = Recorder.Start(directory, [topic]);
    using var stop = new CancellationTokenSource();
    var running = Task.Run(() => recorder.Run(stop.Token));
    var recorded = Publish(publisher, length, interval);
    stop.Cancel();
    var metadata = running.GetAwaiter().GetResult();
    Report(workload, "with recorder", recorded, metadata.Topics.Single());
    Directory.Delete(directory, recursive: true);
}

(long Sent, TimeSpan Wall, TimeSpan Cpu) Publish(Publisher publisher, int length, TimeSpan interval)
{
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var cpuBefore = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    long sent = 0;
    while (clock.Elapsed < phase)
    {
        var sample = publisher.Loan(length);
        sample.Span[0] = (byte)sent;
        publisher.Send(sample);
        sent++;
        if (interval > TimeSpan.Zero && interval * sent - clock.Elapsed is { } wait && wait > TimeSpan.Zero)
            Thread.Sleep(wait);
    }
    var wall = clock.Elapsed;
    process.Refresh();
    return (sent, wall, process.TotalProcessorTime - cpuBefore);
}

static void Report(string workload, string phaseName, (long Sent, TimeSpan Wall, TimeSpan Cpu) run, RecordedTopic? topic) =>
    Console.WriteLine($"{workload,-17} {phaseName,-16} {run.Sent,8} {run.Sent / run.Wall.TotalSeconds,11:0} {run.Cpu.TotalSeconds / run.Wall.TotalSeconds,10:0.00} " +
        (topic is null ? "" : $"{topic.SkippedByPublisher,9} {topic.DroppedByRecorder,8} {topic.Messages,8}"));
