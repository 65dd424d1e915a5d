using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Quiver.Transport.Ring;

namespace Quiver.Transport.Bench;

/// <summary>
/// <c>--wakeups</c>: how long a thread that is already asleep takes to run again after another
/// thread wakes it, for each way Quiver's notification paths can wake one. The waker pauses 1 ms
/// before every wake-up so the sleeper (and its core) is idle, like a receiver between camera
/// frames. Each latency runs from the waker's timestamp, taken just before the wake, to the woken
/// thread reading the clock. This process is the waker for the cross-process kinds; the child
/// sleeps, and measures the same-process kind between two of its own threads.
/// </summary>
internal static unsafe class Wakeups
{
    private const int Rounds = 2000;
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Busy = TimeSpan.FromMicroseconds(100);

    public static int Run()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"quiver-wakeups-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "wake.sock");
        var channel = NotificationChannel.Create(1, 1, "quiver-wakeups");
        try
        {
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in (string[])["exec", typeof(Wakeups).Assembly.Location, "wakeup-sleeper",
                         Environment.ProcessId.ToString(), channel.FileDescriptor.ToString(), channel.Length.ToString(), path])
                start.ArgumentList.Add(argument);
            using var child = Process.Start(start)!;
            try
            {
                using var connection = listener.Accept();
                WakeThroughFutex(channel, TimeSpan.Zero);
                WakeThroughFutex(channel, Busy);
                WakeThroughSocket(connection, TimeSpan.Zero);
                WakeThroughSocket(connection, Busy);
                for (int kind = 0; kind < 2; kind++)
                    WakeThroughSocket(connection, TimeSpan.Zero);
                PingPongThroughFutex(channel);
                PingPongThroughSocket(connection);
                PingPongThroughSocketAfterFutex(channel, connection);
                Console.WriteLine($"Wake-up of a sleeping thread, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {Rounds} wake-ups each; (a) to (d) after {Idle.TotalMilliseconds} ms idle, (e) to (g) at once");
                Console.WriteLine();
                Console.WriteLine("| wake-up | p50 | p99 |");
                Console.WriteLine("|---|---:|---:|");
                string? line;
                while ((line = child.StandardOutput.ReadLine()) is not null)
                {
                    if (!line.StartsWith("RESULT ", StringComparison.Ordinal))
                        continue;
                    var parts = line.Split(' ', 4);
                    Console.WriteLine($"| {parts[3]} | {Latencies.Format(double.Parse(parts[1]))} | {Latencies.Format(double.Parse(parts[2]))} |");
                }
                child.WaitForExit();
                return child.ExitCode;
            }
            finally
            {
                if (!child.HasExited)
                    child.Kill();
            }
        }
        finally
        {
            channel.Release();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>(a) The sleeper waits on the shared futex word; this process bumps it and FUTEX_WAKEs, as <see cref="SampleRingWriter"/> does.</summary>
    private static void WakeThroughFutex(NotificationChannel channel, TimeSpan busy)
    {
        long* stamp = (long*)channel.SampleEntry(0);
        for (ulong round = 1; round <= Rounds; round++)
        {
            // The sleeper writes the round to the head once it has read the word it will wait on.
            while (Volatile.Read(ref *channel.SampleHead) != round)
                Thread.Yield();
            Thread.Sleep(Idle);
            Volatile.Write(ref *stamp, Stopwatch.GetTimestamp());
            Futex.Signal(channel.SampleWord);
            KeepBusy(busy);
        }
    }

    /// <summary>
    /// A publisher goes on working after it published; whether the woken thread then has to wait
    /// for the waker's core (the scheduler placed it there) shows as a latency near this pause.
    /// </summary>
    private static void KeepBusy(TimeSpan busy)
    {
        long until = Stopwatch.GetTimestamp() + (long)(busy.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
            Thread.SpinWait(20);
    }

    /// <summary>(e) As the latency benchmark's loop: the sleeper wakes this process (it just went to sleep itself), which at once wakes it back.</summary>
    private static void PingPongThroughFutex(NotificationChannel channel)
    {
        long* stamp = (long*)channel.SampleEntry(0);
        for (ulong round = 1; round <= Rounds; round++)
        {
            AwaitAnswer(channel, round);
            Volatile.Write(ref *stamp, Stopwatch.GetTimestamp());
            Futex.Signal(channel.SampleWord);
        }
    }

    /// <summary>
    /// Sleeps on the drop word until the sleeper has written <paramref name="answer"/> to the drop
    /// head. The count, not the word, is the condition: the word was also bumped in earlier kinds.
    /// </summary>
    private static void AwaitAnswer(NotificationChannel channel, ulong answer)
    {
        while (true)
        {
            uint key = Volatile.Read(ref *channel.DropWord);
            if (Volatile.Read(ref *channel.DropHead) == answer)
                return;
            Futex.Wait(channel.DropWord, key, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>(f) The same over the socket: one byte from the sleeper, a timestamp back.</summary>
    private static void PingPongThroughSocket(Socket connection)
    {
        Span<byte> stamp = stackalloc byte[8];
        for (int round = 0; round < Rounds; round++)
        {
            ReceiveStamp(connection, stamp[..1]);
            BinaryPrimitives.WriteInt64LittleEndian(stamp, Stopwatch.GetTimestamp());
            connection.Send(stamp);
        }
    }

    /// <summary>(g) As (e), but this process answers through the socket, whose reader thread in the sleeper wakes the sleeping thread: a doorbell frame instead of FUTEX_WAKE.</summary>
    private static void PingPongThroughSocketAfterFutex(NotificationChannel channel, Socket connection)
    {
        Span<byte> stamp = stackalloc byte[8];
        for (ulong round = Rounds + 1; round <= 2 * Rounds; round++)
        {
            AwaitAnswer(channel, round);
            BinaryPrimitives.WriteInt64LittleEndian(stamp, Stopwatch.GetTimestamp());
            connection.Send(stamp);
        }
    }

    /// <summary>(b, c) The sleeper's thread is blocked in recv; this process writes a timestamp.</summary>
    private static void WakeThroughSocket(Socket connection, TimeSpan busy)
    {
        Span<byte> stamp = stackalloc byte[8];
        for (int round = 0; round < Rounds; round++)
        {
            Thread.Sleep(Idle);
            BinaryPrimitives.WriteInt64LittleEndian(stamp, Stopwatch.GetTimestamp());
            connection.Send(stamp);
            KeepBusy(busy);
        }
    }

    /// <summary>The child: sleeps in each way in the order the waker wakes, then measures the same-process futex itself.</summary>
    public static int Sleep(string parent, string descriptor, string length, string path)
    {
        var handle = File.OpenHandle($"/proc/{parent}/fd/{descriptor}", FileMode.Open, FileAccess.ReadWrite);
        int fd = (int)handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        var channel = NotificationChannel.Open(fd, 1, 1, long.Parse(length));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        Report("(a) shared futex, other process (ring: FUTEX_WAKE)", SleepOnFutex(channel));
        Report("(a2) as (a), the waker then busy 100 µs", SleepOnFutex(channel));
        Report("(b) socket write, other process, receiver blocked in recv", SleepInReceive(socket));
        Report("(b2) as (b), the waker then busy 100 µs", SleepInReceive(socket));
        Report("(c) socket write → reader thread → SemaphoreSlim → receiving thread (socket notification)", SleepOnSemaphore(socket));
        Report("(c') socket write → reader thread → shared futex word, same process → receiving thread", SleepOnWordBehindReader(socket, channel));
        Report("(d) shared futex, two threads of one process", SleepOnLocalFutex(channel));
        Report("(e) shared futex ping-pong, other process (the sleeper woke the waker just before)", PingPongOnFutex(channel, 1));
        Report("(f) socket ping-pong, other process (the sleeper wrote to the waker just before)", PingPongOnSocket(socket));
        Report("(g) as (e), answered by socket write → reader thread → shared futex word, same process → sleeping thread", PingPongBehindReader(socket, channel, Rounds + 1));
        channel.Release();
        return 0;
    }

    private static void ReceiveStamp(Socket socket, Span<byte> stamp)
    {
        for (int received = 0; received < stamp.Length;)
        {
            int count = socket.Receive(stamp[received..]);
            if (count == 0)
                throw new EndOfStreamException("The waker closed the socket.");
            received += count;
        }
    }

    private static void Report(string name, List<double> nanoseconds)
    {
        var (p50, p99) = Latencies.Summarise(nanoseconds);
        Console.WriteLine($"RESULT {p50} {p99} {name}");
    }

    private static List<double> SleepOnFutex(NotificationChannel channel)
    {
        var latencies = new List<double>(Rounds);
        long* stamp = (long*)channel.SampleEntry(0);
        for (ulong round = 1; round <= Rounds; round++)
        {
            uint key = Volatile.Read(ref *channel.SampleWord);
            Volatile.Write(ref *channel.SampleHead, round);
            // The word changes exactly once per round, so waiting until it differs from the key is the wake-up.
            while (Volatile.Read(ref *channel.SampleWord) == key)
                Futex.Wait(channel.SampleWord, key, Timeout.InfiniteTimeSpan);
            latencies.Add(Latencies.Since(Volatile.Read(ref *stamp)));
        }
        return latencies;
    }

    /// <summary>Tells the waker (asleep in <see cref="AwaitAnswer"/>) that this round's sleeper is about to sleep.</summary>
    private static void Answer(NotificationChannel channel, ulong answer)
    {
        Volatile.Write(ref *channel.DropHead, answer);
        Futex.Signal(channel.DropWord);
    }

    private static List<double> PingPongOnFutex(NotificationChannel channel, ulong firstAnswer)
    {
        var latencies = new List<double>(Rounds);
        long* stamp = (long*)channel.SampleEntry(0);
        for (int round = 0; round < Rounds; round++)
        {
            uint key = Volatile.Read(ref *channel.SampleWord);
            Answer(channel, firstAnswer + (ulong)round);
            while (Volatile.Read(ref *channel.SampleWord) == key)
                Futex.Wait(channel.SampleWord, key, Timeout.InfiniteTimeSpan);
            latencies.Add(Latencies.Since(Volatile.Read(ref *stamp)));
        }
        return latencies;
    }

    private static List<double> PingPongBehindReader(Socket socket, NotificationChannel channel, ulong firstAnswer)
    {
        var latencies = new List<double>(Rounds);
        long sentAt = 0;
        var reader = new Thread(() =>
        {
            Span<byte> stamp = stackalloc byte[8];
            for (int round = 0; round < Rounds; round++)
            {
                ReceiveStamp(socket, stamp);
                Volatile.Write(ref sentAt, BinaryPrimitives.ReadInt64LittleEndian(stamp));
                Futex.Signal(channel.SampleWord);
            }
        });
        reader.Start();
        for (int round = 0; round < Rounds; round++)
        {
            uint key = Volatile.Read(ref *channel.SampleWord);
            Answer(channel, firstAnswer + (ulong)round);
            while (Volatile.Read(ref *channel.SampleWord) == key)
                Futex.Wait(channel.SampleWord, key, Timeout.InfiniteTimeSpan);
            latencies.Add(Latencies.Since(Volatile.Read(ref sentAt)));
        }
        reader.Join();
        return latencies;
    }

    private static List<double> PingPongOnSocket(Socket socket)
    {
        var latencies = new List<double>(Rounds);
        Span<byte> stamp = stackalloc byte[8];
        for (int round = 0; round < Rounds; round++)
        {
            socket.Send(stamp[..1]);
            ReceiveStamp(socket, stamp);
            latencies.Add(Latencies.Since(BinaryPrimitives.ReadInt64LittleEndian(stamp)));
        }
        return latencies;
    }

    private static List<double> SleepInReceive(Socket socket)
    {
        var latencies = new List<double>(Rounds);
        Span<byte> stamp = stackalloc byte[8];
        for (int round = 0; round < Rounds; round++)
        {
            ReceiveStamp(socket, stamp);
            latencies.Add(Latencies.Since(BinaryPrimitives.ReadInt64LittleEndian(stamp)));
        }
        return latencies;
    }

    /// <summary>(c) What socket notification does: the reader thread releases a semaphore the receiving thread waits on.</summary>
    private static List<double> SleepOnSemaphore(Socket socket)
    {
        using var available = new SemaphoreSlim(0);
        return SleepBehindReader(socket, () => available.Release(), _ => available.Wait());
    }

    /// <summary>(c') The reader thread bumps a futex word in the shared mapping and wakes the receiving thread.</summary>
    private static List<double> SleepOnWordBehindReader(Socket socket, NotificationChannel channel)
    {
        uint first = Volatile.Read(ref *channel.DropWord);
        return SleepBehindReader(socket, () => Futex.Signal(channel.DropWord), round =>
        {
            // The reader bumps the word once per round: round r is here once the word moved past first + r.
            uint key = first + (uint)round;
            while (Volatile.Read(ref *channel.DropWord) == key)
                Futex.Wait(channel.DropWord, key, Timeout.InfiniteTimeSpan);
        });
    }

    /// <summary>A reader thread receives each timestamp and wakes this thread, which notes the latency.</summary>
    private static List<double> SleepBehindReader(Socket socket, Action wake, Action<int> wait)
    {
        var latencies = new List<double>(Rounds);
        long sentAt = 0;
        var reader = new Thread(() =>
        {
            Span<byte> stamp = stackalloc byte[8];
            for (int round = 0; round < Rounds; round++)
            {
                ReceiveStamp(socket, stamp);
                Volatile.Write(ref sentAt, BinaryPrimitives.ReadInt64LittleEndian(stamp));
                wake();
            }
        });
        reader.Start();
        for (int round = 0; round < Rounds; round++)
        {
            wait(round);
            latencies.Add(Latencies.Since(Volatile.Read(ref sentAt)));
        }
        reader.Join();
        return latencies;
    }

    /// <summary>(d) One thread of this process sleeps on the word, another wakes it after the idle pause.</summary>
    private static List<double> SleepOnLocalFutex(NotificationChannel channel)
    {
        var latencies = new List<double>(Rounds);
        long stamp = 0;
        ulong ready = 0;
        var waker = new Thread(() =>
        {
            for (ulong round = 1; round <= Rounds; round++)
            {
                while (Volatile.Read(ref ready) != round)
                    Thread.Yield();
                Thread.Sleep(Idle);
                Volatile.Write(ref stamp, Stopwatch.GetTimestamp());
                Futex.Signal(channel.SampleWord);
            }
        });
        waker.Start();
        for (ulong round = 1; round <= Rounds; round++)
        {
            uint key = Volatile.Read(ref *channel.SampleWord);
            Volatile.Write(ref ready, round);
            while (Volatile.Read(ref *channel.SampleWord) == key)
                Futex.Wait(channel.SampleWord, key, Timeout.InfiniteTimeSpan);
            latencies.Add(Latencies.Since(Volatile.Read(ref stamp)));
        }
        waker.Join();
        return latencies;
    }
}
