// Subscribes to camera frames (vision.Image) and reads them in place in the camera's shared
// memory. Prints, every second, the frame rate, the latency from each frame's stamp to its
// arrival, and how many frames it holds; a summary when the camera leaves.
// Usage: dotnet run --project examples/Viewer -- [--topic camera/front] [--hold 2]
using System.Runtime.InteropServices;
using Quiver;
using Quiver.Examples.Viewer;
using Quiver.Transport;
using Vision;

string topic = "camera/front";
int hold = 2;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--topic": topic = args[i + 1]; break;
        case "--hold": hold = int.Parse(args[i + 1]); break;
        default: throw new ArgumentException($"Unknown option {args[i]}.");
    }
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

await using var subscriber = Topic.Subscribe<Image>(topic, new SubscriberOptions { WaitForPublisher = TimeSpan.FromSeconds(30) });
Console.WriteLine($"viewer: subscribed to '{topic}' (publisher pid {subscriber.Transport.PublisherProcessId}), holding the last {hold} frames");
// A display keeps the frames it shows: the last `hold` frames stay in shared memory until replaced.
var held = new Queue<ReceivedMessages<Image>>();
var report = new FrameReport();
try
{
    await foreach (var frame in subscriber.ReadAllAsync(stop.Token))
    {
        var image = frame.Message;
        long latencyNs = FrameReport.NowNanoseconds() - image.Stamp;
        report.Add(latencyNs, image.Data.Length, FramePattern.IsIntact(image), held.Count + 1);
        held.Enqueue(frame);
        while (held.Count > hold)
            held.Dequeue().Dispose();
        report.PrintEverySecond();
    }
}
catch (OperationCanceledException)
{
}
finally
{
    while (held.TryDequeue(out var frame))
        frame.Dispose();
}
report.PrintSummary();
return report.Broken == 0 ? 0 : 1;
