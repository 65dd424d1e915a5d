using System.Net.Sockets;
using Quiver.SharedMemory;

namespace Quiver.Transport;

/// <summary>Binding the rendezvous socket of a topic, replacing the file of a publisher that died.</summary>
internal static class TopicSocket
{
    public static Socket Bind(string topic, string path, TransportLog log)
    {
        if (FileStatus.OfPath(path) is { } existing)
        {
            if (existing.FileType != LibcMemory.SIfSock)
                throw new TopicUnavailableException($"'{path}' exists and is not a socket; refusing to replace it.");
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new TopicUnavailableException($"Topic '{topic}' already has a live publisher (socket '{path}').");
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                log(TransportLogLevel.Information, $"Topic '{topic}': replacing the socket of a publisher that is gone.");
                File.Delete(path);
            }
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(64);
            return listener;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener.Dispose();
            throw new TopicUnavailableException($"Topic '{topic}' was just claimed by another publisher (socket '{path}').", e);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects to the publisher of <paramref name="topic"/>, retrying while there is none for up to
    /// <paramref name="waitForPublisher"/>; then an error that says what is wrong.
    /// </summary>
    public static Socket Connect(string topic, string path, TimeSpan waitForPublisher)
    {
        long deadline = waitForPublisher == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : System.Diagnostics.Stopwatch.GetTimestamp() + (long)(waitForPublisher.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (true)
        {
            try
            {
                return Connect(topic, path);
            }
            catch (TopicUnavailableException) when (System.Diagnostics.Stopwatch.GetTimestamp() < deadline)
            {
                // No publisher yet: polling keeps this independent of how the publisher appears
                // (first start, restart replacing a stale socket); a topic comes up rarely.
                Thread.Sleep(RetryInterval);
            }
        }
    }

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(20);

    private static Socket Connect(string topic, string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            string why = e.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "no publisher is running",
                SocketError.ConnectionRefused => "its publisher is gone (stale socket)",
                _ => e.Message,
            };
            if (FileStatus.OfPath(path) is null)
                why = "no publisher is running";
            throw new TopicUnavailableException($"Cannot subscribe to topic '{topic}' at '{path}': {why}.", e);
        }
    }
}
