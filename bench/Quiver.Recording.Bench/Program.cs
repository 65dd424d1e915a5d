using System.Diagnostics;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Quiver.Recording;
using Quiver.Transport;

// The cost of recording (docs/benchmarks.md, "Recording"): a publisher runs for a few seconds alone,
// then as long again with Quiver.Recording's recorder subscribed, in the same process and run.
// Two workloads: 1080p RGB frames (6 220 800 bytes) at 30 per second, and 64-byte messages sent
// as fast as the publisher can; each recorded as published, then with zstd and with lz4 body
// compression (quiver record --compress). Reported: messages sent, the process's CPU time per
// second of wall time (publisher alone vs publisher + recorder), what the recorder missed (skipped
// by the publisher, dropped by the recorder's queue), and the file bytes per message written.
// Every message is a one-column record batch (binary "data") encoded once by Apache.Arrow and
// copied into each sample: compression re-encodes real batches. The frame is a smooth gradient
// with two bits of noise per byte, so it compresses as camera images do rather than as zeros.
// Usage: Quiver.Recording.Bench [seconds per phase] [recording directory]   (default 3 s, a temp folder)
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var root = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"quiver-recording-bench-{Environment.ProcessId}");
var runtime = Path.Combine(Path.GetTempPath(), $"qv-rb-{Environment.ProcessId}");
Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, runtime);
var phase = TimeSpan.FromSeconds(seconds);
try
{
    Console.WriteLine($"recording bench: {seconds} s per phase, recordings in {root}");
    Console.WriteLine("workload          phase                    sent      msgs/s     CPU s/s   skipped  dropped  written  bytes/msg");
    Run("1080p @ 30/s", Frame(1920, 1080), TimeSpan.FromSeconds(1.0 / 30));
    Run("64 B, max rate", [.. Enumerable.Range(0, 64).Select(i => (byte)i)], TimeSpan.Zero);
}
finally
{
    if (Directory.Exists(root))
        Directory.Delete(root, recursive: true);
    if (Directory.Exists(runtime))
        Directory.Delete(runtime, recursive: true);
}

void Run(string workload, byte[] payload, TimeSpan interval)
{
    var (schema, message) = Messages(payload);
    var topic = $"bench/{payload.Length}";
    using var publisher = Publisher.Create(topic, new TopicContract("bench.Bytes", 1, schema),
        new PublisherOptions { Pool = new Quiver.SharedMemory.SampleAllocatorOptions { SegmentSize = Math.Max(16 << 20, 8 * message.Length) } });
    Report(workload, "publisher alone", Publish(publisher, message, interval), null);
    foreach (var compression in new[] { RecordingCompression.None, RecordingCompression.Zstd, RecordingCompression.Lz4 })
    {
        var directory = Path.Combine(root, $"{topic.Replace('/', '-')}-{compression}");
        using var recorder = Recorder.Start(directory, [topic], new RecorderOptions { Compression = compression });
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => recorder.Run(stop.Token));
        var recorded = Publish(publisher, message, interval);
        stop.Cancel();
        var metadata = running.GetAwaiter().GetResult();
        Report(workload, compression == RecordingCompression.None ? "with recorder" : $"with recorder, {RecordingCompressions.Name(compression)}", recorded, metadata.Topics.Single());
        Directory.Delete(directory, recursive: true);
    }
}

(long Sent, TimeSpan Wall, TimeSpan Cpu) Publish(Publisher publisher, byte[] message, TimeSpan interval)
{
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var cpuBefore = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    long sent = 0;
    while (clock.Elapsed < phase)
    {
        var sample = publisher.Loan(message.Length);
        message.CopyTo(sample.Span);
        publisher.Send(sample);
        sent++;
        if (interval > TimeSpan.Zero && interval * sent - clock.Elapsed is { } wait && wait > TimeSpan.Zero)
            Thread.Sleep(wait);
    }
    var wall = clock.Elapsed;
    process.Refresh();
    return (sent, wall, process.TotalProcessorTime - cpuBefore);
}

// The schema message and the record batch message of a one-row batch holding the payload, as Apache.Arrow's stream writer writes them.
static (byte[] Schema, byte[] Batch) Messages(byte[] payload)
{
    var data = new BinaryArray.Builder().Append(payload.AsSpan()).Build();
    var batch = new RecordBatch(new Schema.Builder().Field(f => f.Name("data").DataType(Apache.Arrow.Types.BinaryType.Default).Nullable(false)).Build(), [data], 1);
    using var stream = new MemoryStream();
    using (var writer = new ArrowStreamWriter(stream, batch.Schema, leaveOpen: true))
        writer.WriteRecordBatch(batch);
    var bytes = stream.ToArray();
    // An encapsulated message: marker, metadata length, metadata; a schema message has no body.
    var schemaLength = 8 + BitConverter.ToInt32(bytes, 4);
    return (bytes[..schemaLength], bytes[schemaLength..]);
}

// Rows of a horizontal gradient that drifts down the image, plus two bits of noise per byte.
static byte[] Frame(int width, int height)
{
    var random = new Random(1);
    var pixels = new byte[width * height * 3];
    for (var i = 0; i < pixels.Length; i++)
    {
        var x = i / 3 % width;
        var y = i / 3 / width;
        pixels[i] = (byte)((x / 8 + y / 4 + i % 3 * 40) + random.Next(4));
    }
    return pixels;
}

static void Report(string workload, string phaseName, (long Sent, TimeSpan Wall, TimeSpan Cpu) run, RecordedTopic? topic) =>
    Console.WriteLine($"{workload,-17} {phaseName,-22} {run.Sent,8} {run.Sent / run.Wall.TotalSeconds,11:0} {run.Cpu.TotalSeconds / run.Wall.TotalSeconds,10:0.00} " +
        (topic is null ? "" : $"{topic.SkippedByPublisher,9} {topic.DroppedByRecorder,8} {topic.Messages,8} {(topic.Messages == 0 ? 0 : topic.Bytes / topic.Messages),10}"));
