using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;

namespace Quiver.Transport.Bench;

/// <summary>
/// The copy baseline: the same payload through a Unix stream socket. The sender writes an 8-byte
/// length, an 8-byte timestamp and the payload; the receiver reads every byte into its buffer,
/// notes the latency, and answers one byte so the next message starts on an idle line.
/// </summary>
internal static class SocketBaseline
{
    public static int Receive(string path, string maxSize)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        var buffer = new byte[int.Parse(maxSize) + 16];
        var latencies = new List<double>();
        int count = 0;
        while (ReadExactly(socket, buffer.AsSpan(0, 16)))
        {
            int length = (int)BinaryPrimitives.ReadInt64LittleEndian(buffer);
            long sentAt = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(8));
            if (!ReadExactly(socket, buffer.AsSpan(16, length)))
                break;
            double latency = Latencies.Since(sentAt);
            // Counted like Quiver's paths: the warm-up samples are left out.
            if (count++ >= BenchSubscriber.WarmUpSamples)
                latencies.Add(latency);
            socket.Send([1]);
        }
        var (p50, p99) = Latencies.Summarise(latencies);
        Console.WriteLine($"RESULT {p50} {p99}");
        return 0;
    }

    public static void Send(Socket connection, byte[] payload, int length)
    {
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(header, length);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], Stopwatch.GetTimestamp());
        connection.Send(header);
        int sent = 0;
        while (sent < length)
            sent += connection.Send(payload.AsSpan(sent, length - sent));
        Span<byte> ack = stackalloc byte[1];
        connection.Receive(ack);
    }

    private static bool ReadExactly(Socket socket, Span<byte> target)
    {
        while (target.Length > 0)
        {
            int received = socket.Receive(target);
            if (received == 0)
                return false;
            target = target[received..];
        }
        return true;
    }
}
