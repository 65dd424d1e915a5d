using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Quiver.Transport;

/// <summary>
/// Accepts connections on the topic socket and reads their hellos, all on one thread: pending
/// connections are multiplexed with poll, so a connection costs no thread of its own until its
/// hello is complete. At most <see cref="PublisherOptions.MaxPendingHandshakes"/> are pending;
/// one more is refused and closed at once, and each pending one must finish its hello within
/// <see cref="PublisherOptions.HandshakeTimeout"/>. A complete hello goes to <c>admit</c>, which
/// takes the connection or returns why not. Lines a flood of connections would repeat are rate limited.
/// </summary>
internal sealed class HandshakeAcceptor : IDisposable
{
    private const int FixedDescriptors = 2;
    // Enough accepts per wake-up to drain a burst, few enough that pending hellos are read between bursts.
    private const int AcceptsPerRound = 256;
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);
    // Out of descriptors: the listener stays readable, so it is left out of the poll for a moment
    // instead of being accepted from in a busy loop.
    private static readonly TimeSpan DescriptorShortagePause = TimeSpan.FromMilliseconds(100);

    private readonly Socket _listener;
    private readonly string _topic;
    private readonly PublisherOptions _options;
    private readonly Func<PendingHandshake, string?> _admit;
    private readonly List<PendingHandshake> _pending = new();
    private readonly WakeSignal _stop = new();
    private readonly Thread _thread;
    private readonly TransportLog _log;
    private readonly RateLimitedLog _turnedAway;
    private readonly RateLimitedLog _failedHandshakes;
    private readonly RateLimitedLog _refusals;
    private readonly byte[] _busyRefusal;
    private long _listenerPausedUntil;

    public HandshakeAcceptor(Socket listener, string topic, PublisherOptions options, TransportLog log, Func<PendingHandshake, string?> admit)
    {
        _listener = listener;
        _topic = topic;
        _options = options;
        _log = log;
        _admit = admit;
        _turnedAway = new RateLimitedLog(log, LogInterval);
        _failedHandshakes = new RateLimitedLog(log, LogInterval);
        _refusals = new RateLimitedLog(log, LogInterval);
        _busyRefusal = Refusal.ToFrame($"Topic '{topic}' already has {options.MaxPendingHandshakes} connections in their handshake; try again.");
        listener.Blocking = false;
        _thread = new Thread(Run) { IsBackground = true, Name = $"quiver publisher {topic}" };
        _thread.Start();
    }

    /// <summary>Stops accepting, closes every pending connection and the listener; returns once the thread has ended.</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _listener.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        var polled = new LibcSocket.PollDescriptor[FixedDescriptors + _options.MaxPendingHandshakes];
        try
        {
            while (true)
            {
                ExpireOverdue();
                int count = Describe(polled);
                if (!Poll(polled, count, NextWakeUp()))
                    continue;
                if (polled[0].ReturnedEvents != 0)
                    return;
                for (int i = _pending.Count - 1; i >= 0; i--)
                {
                    if (polled[FixedDescriptors + i].ReturnedEvents != 0)
                        Advance(i);
                }
                if (polled[1].ReturnedEvents != 0)
                    AcceptWaiting();
            }
        }
        catch (Exception e)
        {
            // Top of a thread: a failure here ends accepting, never the process; subscribers stay served.
            _log(TransportLogLevel.Error, $"Topic '{_topic}': the publisher stopped accepting subscribers after an internal error: {e}");
        }
        finally
        {
            foreach (var pending in _pending)
                pending.Socket.Dispose();
            _pending.Clear();
        }
    }

    private int Describe(LibcSocket.PollDescriptor[] polled)
    {
        bool listening = Stopwatch.GetTimestamp() >= _listenerPausedUntil;
        polled[0] = new LibcSocket.PollDescriptor { Fd = _stop.Fd, Events = LibcSocket.PollIn };
        // poll skips a negative descriptor, which keeps the pending ones at the same indices.
        polled[1] = new LibcSocket.PollDescriptor { Fd = listening ? LibcSocket.FdOf(_listener) : -1, Events = LibcSocket.PollIn };
        for (int i = 0; i < _pending.Count; i++)
            polled[FixedDescriptors + i] = new LibcSocket.PollDescriptor { Fd = LibcSocket.FdOf(_pending[i].Socket), Events = LibcSocket.PollIn };
        return FixedDescriptors + _pending.Count;
    }

    /// <summary>False if interrupted by a signal (the caller polls again).</summary>
    private static unsafe bool Poll(LibcSocket.PollDescriptor[] polled, int count, int timeoutMilliseconds)
    {
        // Every descriptor polled belongs to a socket only this thread closes, so none is closed meanwhile.
        fixed (LibcSocket.PollDescriptor* descriptors = polled)
        {
            if (LibcSocket.Poll(descriptors, (nuint)count, timeoutMilliseconds) >= 0)
                return true;
        }
        int errno = Marshal.GetLastPInvokeError();
        if (errno == LibcSocket.EIntr)
            return false;
        throw LibcSocket.Failure(errno);
    }

    /// <summary>Milliseconds until the earliest handshake deadline or the end of a listener pause; -1 for none.</summary>
    private int NextWakeUp()
    {
        var next = Timeout.InfiniteTimeSpan;
        foreach (var pending in _pending)
            next = Earlier(next, pending.Deadline.Remaining);
        var pause = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _listenerPausedUntil);
        if (pause > TimeSpan.Zero)
            next = Earlier(next, pause);
        // Rounded up, so a wake-up never comes before the deadline it is for.
        return next == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Ceiling(next.TotalMilliseconds);
    }

    private static TimeSpan Earlier(TimeSpan current, TimeSpan candidate) =>
        current == Timeout.InfiniteTimeSpan || candidate < current ? candidate : current;

    private void ExpireOverdue()
    {
        for (int i = _pending.Count - 1; i >= 0; i--)
        {
            var pending = _pending[i];
            if (pending.Deadline.Remaining > TimeSpan.Zero)
                continue;
            _pending.RemoveAt(i);
            _failedHandshakes.Write(TransportLogLevel.Warning, $"Topic '{_topic}': disconnecting peer pid {pending.ProcessId}: no hello within {_options.HandshakeTimeout}.");
            pending.Socket.Dispose();
        }
    }

    private void Advance(int index)
    {
        var pending = _pending[index];
        HandshakeProgress progress;
        try
        {
            progress = pending.Receive();
        }
        catch (ProtocolException e)
        {
            _pending.RemoveAt(index);
            _failedHandshakes.Write(TransportLogLevel.Warning, $"Topic '{_topic}': disconnecting subscriber pid {pending.ProcessId}: {e.Message}");
            pending.Socket.Dispose();
            return;
        }
        catch (SocketException)
        {
            // Reset by the peer before its hello: nothing to answer.
            _pending.RemoveAt(index);
            pending.Socket.Dispose();
            return;
        }
        if (progress == HandshakeProgress.Waiting)
            return;
        _pending.RemoveAt(index);
        if (progress == HandshakeProgress.PeerClosed)
        {
            _failedHandshakes.Write(TransportLogLevel.Information, $"Topic '{_topic}': a peer (pid {pending.ProcessId}) closed its connection before the handshake.");
            pending.Socket.Dispose();
            return;
        }
        if (_admit(pending) is { } refusal)
        {
            _refusals.Write(TransportLogLevel.Warning, $"Topic '{_topic}': refused subscriber pid {pending.ProcessId}: {refusal}");
            SendAndClose(pending.Socket, Refusal.ToFrame(refusal));
        }
    }

    private void AcceptWaiting()
    {
        for (int round = 0; round < AcceptsPerRound; round++)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                return;
            }
            catch (SocketException e)
            {
                if (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
                    _listenerPausedUntil = Stopwatch.GetTimestamp() + (long)(DescriptorShortagePause.TotalSeconds * Stopwatch.Frequency);
                _failedHandshakes.Write(TransportLogLevel.Error, $"Topic '{_topic}': accepting a subscriber failed: {e.Message}");
                return;
            }
            if (_pending.Count >= _options.MaxPendingHandshakes)
            {
                _turnedAway.Write(TransportLogLevel.Warning, $"Topic '{_topic}': turned a connection away at once: {_pending.Count} connections are already in their handshake (PublisherOptions.MaxPendingHandshakes).");
                SendAndClose(client, _busyRefusal);
                continue;
            }
            StartHandshake(client);
        }
    }

    private void StartHandshake(Socket client)
    {
        int processId;
        uint userId;
        try
        {
            (processId, userId) = DescriptorSocket.PeerCredentials(client);
        }
        catch (SocketException e)
        {
            _failedHandshakes.Write(TransportLogLevel.Information, $"Topic '{_topic}': a connecting peer vanished ({e.Message}).");
            client.Dispose();
            return;
        }
        if (userId != DescriptorSocket.CurrentUserId)
        {
            _refusals.Write(TransportLogLevel.Warning, $"Topic '{_topic}': refused a connection from uid {userId} (pid {processId}): this publisher runs as uid {DescriptorSocket.CurrentUserId} and only the same user may subscribe.");
            client.Dispose();
            return;
        }
        _pending.Add(new PendingHandshake(client, processId, Deadline.After(_options.HandshakeTimeout)));
    }

    /// <summary>
    /// Sends a refusal without waiting and closes. The socket's buffer is empty (nothing was ever
    /// sent on it) and a refusal is at most 4 KiB, so it fits; if the peer is gone it is just closed.
    /// </summary>
    private static void SendAndClose(Socket socket, byte[] frame)
    {
        socket.Blocking = false;
        socket.Send(frame, SocketFlags.None, out _);
        socket.Dispose();
    }
}
