// A synthetic camera: publishes vision.Image frames (RGB8) on a topic at a fixed rate, each one
// written straight into a shared-memory sample (no copy of the pixels, ever).
// Usage: dotnet run --project examples/CameraPublisher -- [--topic camera/front] [--rate 30]
//        [--seconds 3] [--width 1920] [--height 1080] [--wait-subscribers 1]
using System.Runtime.InteropServices;
using Quiver;
using Quiver.Examples.CameraPublisher;
using Quiver.SharedMemory;
using Quiver.Transport;
using Vision;

var options = CameraOptions.Parse(args);
int frameBytes = checked(options.Width * options.Height * 3);
await using var publisher = Topic.Publish<Image>(options.Topic, new PublisherOptions
{
    // Room for a few dozen frames; a viewer that falls behind is skipped (queue depth), never blocks the camera for long.
    Pool = new SampleAllocatorOptions { SegmentSize = 64 << 20, MaxSegments = 4 },
    WhenExhausted = ExhaustionPolicy.Block,
    BlockTimeout = TimeSpan.FromSeconds(1),
    QueueDepth = 8,
});
Console.WriteLine($"camera: publishing {options.Width}x{options.Height} rgb8 ({frameBytes / 1e6:F1} MB/frame) on '{options.Topic}' at {options.Rate} frames/s for {options.Seconds} s");
if (options.WaitSubscribers > 0 && !publisher.WaitForSubscribers(options.WaitSubscribers, TimeSpan.FromSeconds(30)))
{
    Console.Error.WriteLine($"camera: no {options.WaitSubscribers} subscriber(s) within 30 s");
    return 1;
}

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
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
using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / options.Rate));
var layout = SyntheticFrame.Plan(options.Width, options.Height);
var frames = new SyntheticFrame();
long frame = 0;
try
{
    while (await timer.WaitForNextTickAsync(stop.Token))
    {
        frames.Send(publisher, layout, options.Width, options.Height, frame);
        frame++;
    }
}
catch (OperationCanceledException)
{
}
var stats = publisher.GetStats();
Console.WriteLine($"camera: sent {stats.Sent} frames ({stats.Sent * (double)frameBytes / 1e9:F2} GB written in place), " +
    $"skipped {stats.Skipped} deliveries (viewer queue full), pool {stats.Segments} segments of 64 MiB, {stats.InFlight} frames still held");
return 0;
