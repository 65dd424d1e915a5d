// Subscribes to perception.Detections (e.g. from examples/python/detector.py) and prints each
// message as it arrives, read in place in the publisher's shared memory; ends when the publisher leaves.
// Usage: dotnet run --project examples/DetectionsSubscriber -- [--topic detections]
using System.Globalization;
using System.Runtime.InteropServices;
using Perception;
using Quiver;
using Quiver.Transport;

string topic = args.Length == 2 && args[0] == "--topic" ? args[1] : "detections";
if (args.Length != 0 && args.Length != 2)
    throw new ArgumentException("Usage: [--topic detections]");

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

await using var subscriber = Topic.Subscribe<Detections>(topic, new SubscriberOptions { WaitForPublisher = TimeSpan.FromSeconds(60) });
Console.WriteLine($"detections: subscribed to '{topic}' (publisher pid {subscriber.Transport.PublisherProcessId})");
long received = 0;
try
{
    await foreach (var sample in subscriber.ReadAllAsync(stop.Token))
    {
        using (sample)
        {
            var message = sample.Message;
            received++;
            Console.WriteLine($"{message.FrameId} at {message.StampAsDateTimeOffset:HH:mm:ss.ffffff}, inference {message.Latency.TotalMilliseconds:F3} ms, {message.Detections_.Count} detections");
            foreach (var detection in message.Detections_)
                Console.WriteLine("  " + Describe(detection));
        }
    }
}
catch (OperationCanceledException)
{
}
Console.WriteLine($"detections: received {received} messages");
return 0;

static string Describe(Detection detection)
{
    var box = detection.Box;
    var text = string.Create(CultureInfo.InvariantCulture,
        $"{detection.Label} (class {detection.Class}) score {detection.Score:F2} box [{box.XMin:F0}, {box.YMin:F0}]-[{box.XMax:F0}, {box.YMax:F0}]");
    if (detection.Position is { } position)
        text += string.Create(CultureInfo.InvariantCulture, $" at ({position.X:F2}, {position.Y:F2}, {position.Z:F2}) m");
    if (detection.TrackId is { } track)
        text += $" track {track}";
    return text;
}
