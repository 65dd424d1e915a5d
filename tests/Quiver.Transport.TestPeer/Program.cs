using Quiver.SharedMemory;
using Quiver.Transport;
using Quiver.Transport.TestPeer;

// A peer process for the transport tests, driven line by line over stdin/stdout:
//   subscribe <topic> <auto|hold>   prints "READY <pid>", "SAMPLE <seq> <length> <ok|bad>" per sample,
//                                   "RELEASED <seq>" after stdin "RELEASE <seq>", then "END" or "FAULT <message>".
//   subscribe <topic> soak          MixedSoak's subscriber: at the end "END <received> <bad> <drop tokens sent>"
//                                   and "RSS <total/anonymous/file/shared bytes> ..." (after every 100 000 samples).
//   publish <topic> [handshake ms]  prints "READY <pid>"; stdin "WAIT <n>" -> "SUBSCRIBED",
//                                   "SEND <count> <length>" -> "SENT <seq>" per sample, "EXIT" -> leaves cleanly.
//   relay <from> <to> <type> <fingerprint hex>
//                                   subscribes to <from>, publishes <to> with the schema <from>'s publisher sent,
//                                   prints "READY <pid>"; stdin "WAIT <n>" -> "SUBSCRIBED", then decodes every
//                                   sample as an Arrow record batch with Quiver's own reader, re-encodes it with
//                                   Quiver's writer and publishes it on <to> ("RELAYED <seq>"); "END" at the end.
//                                   (The Python runtime's typed round trips of every field type go through it.)
//   async-readers <topic>           caps the thread pool at one worker per core, connects that many subscribers
//                                   plus two, prints "READY <pid>" and "READERS <n>", runs ReadAllAsync on each;
//                                   once every one sleeps on its ring, "WAITING", then "POOL FREE" if a pool work item
//                                   still runs ("POOL STARVED" if not); "SAMPLE <reader> <seq>" per sample, "END <reader>".
// Sequence numbers are chosen by the publisher; the content follows SamplePattern.
var contract = new TopicContract("test.Bytes", 0xABCDEF0123456789, new byte[] { 1, 2, 3 });
TransportLog log = (level, message) => Console.Error.WriteLine($"{level}: {message}");
Console.Out.Flush();
switch (args[0])
{
    case "subscribe" when args[2] == "soak":
        return Soak(args[1]);
    case "subscribe":
        return Subscribe(args[1], args[2] == "auto");
    case "publish":
        return Publish(args[1], args.Length > 2 ? TimeSpan.FromMilliseconds(int.Parse(args[2])) : new PublisherOptions().HandshakeTimeout);
    case "async-readers":
        return await AsyncReaders(args[1]);
    case "relay":
        return Relay(args[1], args[2], args[3], Convert.ToUInt64(args[4], 16));
    default:
        Console.Error.WriteLine($"unknown mode {args[0]}");
        return 2;
}

int Subscribe(string topic, bool autoRelease)
{
    using var subscriber = Subscriber.Connect(topic, contract, new SubscriberOptions { Log = log });
    var held = new Dictionary<ulong, ReceivedSample>();
    var gate = new object();
    Say($"READY {Environment.ProcessId}");
    var commands = new Thread(() =>
    {
        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] == "RELEASE")
            {
                ulong sequence = ulong.Parse(parts[1]);
                lock (gate)
                {
                    held.Remove(sequence, out var sample);
                    sample?.Dispose();
                }
                Say($"RELEASED {sequence}");
            }
        }
    }) { IsBackground = true };
    commands.Start();
    try
    {
        while (subscriber.Receive(TimeSpan.FromMinutes(2)) is { } sample)
        {
            bool ok = SamplePattern.Matches(sample.Span, sample.Sequence);
            ulong sequence = sample.Sequence;
            int length = sample.Length;
            // Held before it is reported: the test may answer the report with RELEASE at once.
            if (autoRelease)
                sample.Dispose();
            else
                lock (gate)
                    held.Add(sequence, sample);
            Say($"SAMPLE {sequence} {length} {(ok ? "ok" : "bad")}");
        }
        Say("END");
    }
    catch (ProtocolException e)
    {
        Say($"FAULT {e.Message}");
    }
    // Held samples stay valid after the end of the stream; the test may still release them.
    commands.Join();
    return 0;
}

int Soak(string topic)
{
    using var subscriber = Subscriber.Connect(topic, contract, new SubscriberOptions { Log = log });
    Say($"READY {Environment.ProcessId}");
    var totals = MixedSoak.Subscribe(subscriber);
    Say($"END {totals.Received} {totals.Bad} {totals.DropTokensSent}");
    Say($"RSS {string.Join(' ', totals.ResidentSets.Select(set => set.Serialize()))}");
    return 0;
}

int Publish(string topic, TimeSpan handshakeTimeout)
{
    using var publisher = Publisher.Create(topic, contract, new PublisherOptions
    {
        Log = log,
        HandshakeTimeout = handshakeTimeout,
        Pool = new SampleAllocatorOptions { SegmentSize = 1 << 20, MaxSegments = 4 },
    });
    Say($"READY {Environment.ProcessId}");
    while (Console.ReadLine() is { } line)
    {
        var parts = line.Split(' ');
        switch (parts[0])
        {
            case "WAIT":
                Say(publisher.WaitForSubscribers(int.Parse(parts[1]), TimeSpan.FromSeconds(30)) ? "SUBSCRIBED" : "TIMEOUT");
                break;
            case "SEND":
                for (int i = 0; i < int.Parse(parts[1]); i++)
                {
                    using var loan = publisher.Loan(int.Parse(parts[2]));
                    // The sequence is known only after Send, so the pattern uses the next one: this
                    // publisher is the only sender and sequences count up from 1.
                    ulong next = (ulong)publisher.GetStats().Sent + 1;
                    SamplePattern.Fill(loan.Span, next);
                    Say($"SENT {publisher.Send(loan)}");
                }
                break;
            case "EXIT":
                return 0;
        }
    }
    return 0;
}

int Relay(string from, string to, string messageType, ulong fingerprint)
{
    using var subscriber = Subscriber.Connect(from, new TopicContract(messageType, fingerprint, Array.Empty<byte>()),
        new SubscriberOptions { Log = log, WaitForPublisher = TimeSpan.FromSeconds(30) });
    var schema = Quiver.Arrow.Ipc.IpcMessageReader.ReadSchema(subscriber.PublisherSchema);
    using var publisher = Publisher.Create(to, new TopicContract(messageType, fingerprint, subscriber.PublisherSchema.ToArray()),
        new PublisherOptions { Log = log });
    Say($"READY {Environment.ProcessId}");
    var command = Console.ReadLine()?.Split(' ');
    if (command is not ["WAIT", var count])
        return 2;
    Say(publisher.WaitForSubscribers(int.Parse(count), TimeSpan.FromSeconds(30)) ? "SUBSCRIBED" : "TIMEOUT");
    while (subscriber.Receive(TimeSpan.FromMinutes(2)) is { } sample)
    {
        using (sample)
        using (var batch = Quiver.Arrow.Ipc.IpcMessageReader.ReadRecordBatch(schema, sample.Memory))
            publisher.Publish(Quiver.Arrow.Ipc.IpcMessageWriter.WriteRecordBatch(batch));
        Say($"RELAYED {sample.Sequence}");
    }
    Say("END");
    return 0;
}

async Task<int> AsyncReaders(string topic)
{
    int workers = Environment.ProcessorCount;
    if (!ThreadPool.SetMaxThreads(workers, workers))
    {
        Say($"FAULT the thread pool cannot be capped at {workers} workers");
        return 1;
    }
    // More readers than pool workers: readers that each held a pool thread while waiting would starve it.
    var subscribers = Enumerable.Range(0, workers + 2).Select(_ => Subscriber.Connect(topic, contract, new SubscriberOptions { Log = log })).ToList();
    try
    {
        Say($"READY {Environment.ProcessId}");
        Say($"READERS {subscribers.Count}");
        var readers = subscribers.Select((subscriber, reader) => Task.Run(async () =>
        {
            await foreach (var sample in subscriber.ReadAllAsync())
                using (sample)
                    Say($"SAMPLE {reader} {sample.Sequence}");
            Say($"END {reader}");
        })).ToList();
        if (!SpinWait.SpinUntil(() => subscribers.All(subscriber => subscriber.RingSleepers > 0), TimeSpan.FromSeconds(30)))
        {
            Say($"FAULT only {subscribers.Count(subscriber => subscriber.RingSleepers > 0)} of {subscribers.Count} readers sleep on their ring");
            return 1;
        }
        Say("WAITING");
        Say(Task.Run(() => true).Wait(TimeSpan.FromSeconds(30)) ? "POOL FREE" : "POOL STARVED");
        await Task.WhenAll(readers);
        return 0;
    }
    finally
    {
        subscribers.ForEach(subscriber => subscriber.Dispose());
    }
}

static void Say(string line)
{
    Console.Out.WriteLine(line);
    Console.Out.Flush();
}
