using Quiver;
using Quiver.Interop.ApacheArrow;
using Quiver.Recording;
using Quiver.Recording.TestPeer;
using Quiver.Transport;

// A peer process for the recording tests, driven line by line over stdin/stdout:
//   publish <topic> <image|frame|reading> <count>  prints "READY <pid>"; stdin "WAIT <n>" -> "SUBSCRIBED" once n subscribers
//                                            are connected; "SEND" -> sends the count messages of RecordedSamples, one per
//                                            millisecond, then "SENT <count>"; "DRAIN" -> "DRAINED" once every sample came
//                                            back; leaves when stdin closes.
//   record <dir> <topic>...                  records the topics with Quiver.Recording; "READY <pid>" once subscribed,
//                                            "RECORDED <n>" (messages written so far) after stdin "COUNT"; stops cleanly
//                                            when stdin closes, printing "STOPPED <reason>".
TransportLog log = (level, message) => Console.Error.WriteLine($"{level}: {message}");
return args[0] switch
{
    "publish" => Publish(args[1], args[2], int.Parse(args[3])),
    "record" => Record(args[1], args[2..]),
    _ => 2,
};

int Publish(string topic, string kind, int count)
{
    var options = new PublisherOptions { Log = log };
    using var typed = kind is "image" or "frame" ? Topic.Publish<Vision.Image>(topic, options) : null;
    using var raw = kind == "reading"
        ? Publisher.Create(topic, new TopicContract(RecordedSamples.RawMessageType, RecordedSamples.RawFingerprint,
            RecordedSamples.RawSchemaMessage()), options)
        : null;
    var transport = typed?.Transport ?? raw ?? throw new ArgumentException($"unknown kind {kind}");
    Say($"READY {Environment.ProcessId}");
    while (Console.ReadLine() is { } line)
    {
        var parts = line.Split(' ');
        switch (parts[0])
        {
            case "WAIT":
                if (!transport.WaitForSubscribers(int.Parse(parts[1]), TimeSpan.FromSeconds(30)))
                    return 3;
                Say("SUBSCRIBED");
                break;
            case "SEND":
                for (var i = 0; i < count; i++)
                {
                    if (typed is not null)
                        typed.Send(kind == "frame" ? RecordedSamples.Frame(i) : RecordedSamples.Image(i));
                    else
                        raw!.Send(RecordedSamples.Reading(i));
                    Thread.Sleep(1);
                }
                Say($"SENT {count}");
                break;
            case "DRAIN":
                if (!transport.WaitForInFlight(0, TimeSpan.FromSeconds(30)))
                    return 4;
                Say("DRAINED");
                break;
        }
    }
    return 0;
}

int Record(string directory, string[] topics)
{
    using var recorder = Recorder.Start(directory, topics, new RecorderOptions { Log = log });
    using var stop = new CancellationTokenSource();
    var commands = new Thread(() =>
    {
        while (Console.ReadLine() is { } line)
        {
            if (line == "COUNT")
                Say($"RECORDED {recorder.Snapshot().Topics.Sum(t => t.Messages)}");
        }
        stop.Cancel();
    }) { IsBackground = true };
    Say($"READY {Environment.ProcessId}");
    commands.Start();
    var metadata = recorder.Run(stop.Token);
    Say($"STOPPED {metadata.StoppedBecause}");
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
