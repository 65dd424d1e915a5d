using Quiver;
using Quiver.Messages.Tests;
using Quiver.Topics.TestPeer;
using Quiver.Tests;
using Quiver.Transport;
using Vision;

// A peer process for the typed topic tests, driven line by line over stdin/stdout:
//   publish-all-types <topic> <subscribers>  prints "READY <pid>", waits for the subscribers, sends
//                                            Minimum, Maximum, Nulls (one row each), then the three as
//                                            one batch; prints "SENT <n>", then "DONE" once every
//                                            sample came back; leaves when stdin closes.
//   subscribe-image <topic>                  prints "READY <pid>", per sample "SAMPLE <seq> <data length>
//                                            <mapping of the Data bytes>", "RELEASED <seq>" after stdin
//                                            "RELEASE <seq>", then "END".
//   publish-images <topic> <length,...>      prints "READY <pid>"; on stdin "SEND" sends image n of each
//                                            length (ImagePattern) and prints "SENT <n>"; on "STREAM <count>
//                                            <length>" sends that many more, one per millisecond, then
//                                            "STREAMED"; leaves when stdin closes.
//   subscribe-images <topic>                 prints "READY <pid>" once connected, per sample "IMAGE <frame id>
//                                            <data length> <data digest> <labels>", then "END".
TransportLog log = (level, message) => Console.Error.WriteLine($"{level}: {message}");
return args[0] switch
{
    "publish-all-types" => PublishAllTypes(args[1], int.Parse(args[2])),
    "subscribe-image" => SubscribeImage(args[1]),
    "publish-images" => PublishImages(args[1], args[2].Split(',').Select(int.Parse).ToArray()),
    "subscribe-images" => SubscribeImages(args[1]),
    _ => 2,
};

int PublishAllTypes(string topic, int subscribers)
{
    using var publisher = Topic.Publish<AllTypes.AllTypes>(topic, new PublisherOptions { Log = log });
    Say($"READY {Environment.ProcessId}");
    if (!publisher.WaitForSubscribers(subscribers, TimeSpan.FromSeconds(30)))
        return 3;
    AllTypes.AllTypes.Value[] rows = [AllTypesSamples.Minimum(), AllTypesSamples.Maximum(), AllTypesSamples.Nulls()];
    foreach (var row in rows)
        publisher.Send(row);
    publisher.Send(rows);
    Say($"SENT {rows.Length + 1}");
    if (!publisher.Transport.WaitForInFlight(0, TimeSpan.FromSeconds(30)))
        return 4;
    Say("DONE");
    while (Console.ReadLine() is not null)
    {
    }
    return 0;
}

int SubscribeImage(string topic)
{
    using var subscriber = Topic.Subscribe<Image>(topic, new SubscriberOptions { Log = log, WaitForPublisher = TimeSpan.FromSeconds(30) });
    var held = new Dictionary<ulong, ReceivedMessages<Image>>();
    var gate = new object();
    Say($"READY {Environment.ProcessId}");
    var commands = new Thread(() =>
    {
        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] != "RELEASE")
                continue;
            ulong sequence = ulong.Parse(parts[1]);
            lock (gate)
            {
                held.Remove(sequence, out var messages);
                messages?.Dispose();
            }
            Say($"RELEASED {sequence}");
        }
    }) { IsBackground = true };
    commands.Start();
    while (subscriber.Receive(TimeSpan.FromMinutes(2)) is { } messages)
    {
        var mapping = ProcessMappings.Describe(messages.Message.Data);
        Say($"SAMPLE {messages.Sequence} {messages.Message.Data.Length} {mapping}");
        lock (gate)
            held.Add(messages.Sequence, messages);
    }
    Say("END");
    commands.Join();
    return 0;
}

int PublishImages(string topic, int[] lengths)
{
    using var publisher = Topic.Publish<Image>(topic, new PublisherOptions { Log = log, WhenExhausted = ExhaustionPolicy.Grow });
    Say($"READY {Environment.ProcessId}");
    int n = 0;
    while (Console.ReadLine() is { } line)
    {
        var parts = line.Split(' ');
        if (parts[0] == "SEND")
        {
            foreach (int length in lengths)
                publisher.Send(ImageOf(n++, length));
            Say($"SENT {n}");
        }
        else if (parts[0] == "STREAM")
        {
            int count = int.Parse(parts[1]), length = int.Parse(parts[2]);
            for (int i = 0; i < count; i++)
            {
                publisher.Send(ImageOf(n++, length));
                Thread.Sleep(1);
            }
            Say("STREAMED");
        }
    }
    return 0;
}

static Image.Value ImageOf(int n, int length) => new()
{
    Width = (uint)length,
    Height = 1,
    Step = (uint)length,
    Encoding = Vision.Encoding.Mono8,
    Stamp = n * 1_000_000_000L,
    FrameId = ImagePattern.FrameId(n),
    Data = ImagePattern.Data(n, length),
    Labels = ["bridged"],
};

int SubscribeImages(string topic)
{
    using var subscriber = Topic.Subscribe<Image>(topic, new SubscriberOptions { Log = log, WaitForPublisher = TimeSpan.FromSeconds(30) });
    Say($"READY {Environment.ProcessId}");
    while (subscriber.Receive(TimeSpan.FromMinutes(2)) is { } messages)
    {
        using (messages)
        {
            var image = messages.Message;
            Say($"IMAGE {image.FrameId} {image.Data.Length} {ImagePattern.Digest(image.Data)} {string.Join(",", image.ToValue().Labels)}");
        }
    }
    Say("END");
    return 0;
}

static void Say(string line)
{
    lock (Console.Out)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
