using Quiver.Transport;

namespace Quiver.Chaos;

/// <summary>
/// The C# subscriber role: connects to whichever publisher holds the topic, checks every sample
/// against <see cref="ChaosPayload"/>, keeps the last <see cref="ChaosTopic.HeldWindow"/> and
/// releases the rest (all of them whenever nothing is waiting), and connects again when the
/// publisher goes. Standard output: <c>READY pid</c>; <c>JOINED publisher-pid</c> per connection;
/// <c>LIFE publisher-pid first last received bad released drop-tokens-sent</c> when it ends;
/// <c>STOPPING</c> after <c>STOP</c> on standard input (no new connection after the current one);
/// <c>DONE</c> once disposed, then it exits when standard input closes.
/// </summary>
internal static class ChaosSubscriber
{
    private static readonly TimeSpan Silence = TimeSpan.FromMinutes(2);

    public static int Run(ulong seed)
    {
        using var stopping = new ManualResetEventSlim();
        using var inputClosed = new ManualResetEventSlim();
        var input = new Thread(() =>
        {
            while (Console.ReadLine() is { } line)
            {
                if (line == "STOP")
                {
                    stopping.Set();
                    Say("STOPPING");
                }
            }
            inputClosed.Set();
        }) { IsBackground = true };
        input.Start();
        Say($"READY {Environment.ProcessId}");
        while (Connect(stopping) is { } subscriber)
        {
            using (subscriber)
            {
                Say($"JOINED {subscriber.PublisherProcessId}");
                if (!Live(subscriber, seed))
                    return 1;
            }
        }
        Say("DONE");
        inputClosed.Wait();
        return 0;
    }

    /// <summary>The next publisher's subscription, or null once told to stop.</summary>
    private static Subscriber? Connect(ManualResetEventSlim stopping)
    {
        var options = new SubscriberOptions { WaitForPublisher = TimeSpan.FromMilliseconds(200) };
        while (!stopping.IsSet)
        {
            try
            {
                return Subscriber.Connect(ChaosTopic.Name, ChaosTopic.Contract, options);
            }
            catch (TopicUnavailableException)
            {
                // No publisher yet (or a dead one's socket): it is being restarted.
            }
        }
        return null;
    }

    /// <summary>One connection, from the handshake to the end of its stream; false on a fault.</summary>
    private static bool Live(Subscriber subscriber, ulong seed)
    {
        int publisher = subscriber.PublisherProcessId;
        var held = new Queue<ReceivedSample>();
        ulong first = 0, last = 0;
        long received = 0, bad = 0, released = 0;
        try
        {
            while (true)
            {
                if (!subscriber.TryReceive(out var sample))
                {
                    released += ReleaseAll(held);
                    sample = subscriber.Receive(Silence);
                    if (sample is null)
                        break;
                }
                if (received++ == 0)
                    first = sample.Sequence;
                if (sample.Sequence <= last)
                    bad++;
                last = sample.Sequence;
                if (!ChaosPayload.Matches(sample.Span, seed, publisher, sample.Sequence))
                    bad++;
                held.Enqueue(sample);
                if (held.Count > ChaosTopic.HeldWindow)
                {
                    held.Dequeue().Dispose();
                    released++;
                }
            }
        }
        catch (Exception e) when (e is ProtocolException or TimeoutException)
        {
            Say($"FAULT {e.Message}");
            return false;
        }
        finally
        {
            released += ReleaseAll(held);
        }
        Say($"LIFE {publisher} {first} {last} {received} {bad} {released} {subscriber.DropTokensSent}");
        return true;
    }

    private static int ReleaseAll(Queue<ReceivedSample> held)
    {
        int count = held.Count;
        while (held.TryDequeue(out var sample))
            sample.Dispose();
        return count;
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
