using System.Buffers.Binary;
using System.Net.Sockets;
using Quiver.Transport;
using Quiver.Transport.TestPeer;
using Xunit.Abstractions;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// Thousands of connections that never finish a hello cost a publisher no thread each and bounded
/// memory, while its subscribers keep receiving every sample and a new one can still join.
/// The publisher runs in a peer process so its threads and memory are its own to count.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class HandshakeFloodTests(ITestOutputHelper output) : IDisposable
{
    private const int IdleConnections = 5000;
    private const int DrippingConnections = 500;
    // Threads a publisher may add during the flood besides two per new subscriber (reader and drop
    // pump): thread-pool and runtime threads that come and go whatever the connections do.
    private const int ThreadSlack = 8;
    private const long ResidentGrowthBound = 64L << 20;
    private const int SamplesPerRound = 50;
    private const int SampleLength = 64;
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Idle_and_dripping_connections_cost_no_thread_each_and_subscribers_keep_receiving_and_joining()
    {
        // Every connection stays open on this side until the end, so this process needs a descriptor
        // each; the soft limit is raised to the hard one and the idle count sized to what that allows.
        long descriptorLimit = DescriptorLimit.RaiseSoftToHard();
        int idleCount = (int)Math.Min(IdleConnections, descriptorLimit - DrippingConnections - 512);
        Assert.True(idleCount >= 1000, $"the open-file hard limit ({descriptorLimit}) leaves room for only {idleCount} idle connections");
        output.WriteLine($"open-file limit {descriptorLimit}: {idleCount} idle and {DrippingConnections} dripping connections");

        using var publisher = PeerProcess.Publisher(_fixture, HandshakeTimeout);
        using var first = PeerProcess.Subscriber(_fixture, autoRelease: true);
        using var second = PeerProcess.Subscriber(_fixture, autoRelease: true);
        publisher.Tell("WAIT 2");
        publisher.Expect("SUBSCRIBED");
        var before = ProcessStatus.Of(publisher.ProcessId);
        var peak = before;

        var sockets = new List<Socket>();
        using var drip = new DrippingHellos(_fixture.Topic);
        try
        {
            for (int i = 0; i < DrippingConnections; i++)
                drip.Add(Connect());
            drip.Start();
            for (int i = 0; i < idleCount; i++)
            {
                sockets.Add(Connect());
                if (i % 250 == 0)
                    peak = ProcessStatus.Max(peak, ProcessStatus.Of(publisher.ProcessId));
            }
            peak = ProcessStatus.Max(peak, ProcessStatus.Of(publisher.ProcessId));

            SendRound(publisher, first, second, null);

            using var joiner = JoinRetrying(out int turnedAway);
            output.WriteLine($"the new subscriber was turned away {turnedAway} times before it joined");
            publisher.Tell("WAIT 3");
            publisher.Expect("SUBSCRIBED");
            SendRound(publisher, first, second, joiner);
            peak = ProcessStatus.Max(peak, ProcessStatus.Of(publisher.ProcessId));
            Assert.Equal(0, publisher.Finish());
        }
        finally
        {
            foreach (var socket in sockets)
                socket.Dispose();
        }

        output.WriteLine($"publisher before the flood: {before.Threads} threads, {before.ResidentBytes >> 20} MiB; peak: {peak.Threads} threads, {peak.ResidentBytes >> 20} MiB");
        Assert.True(peak.Threads <= before.Threads + 2 + ThreadSlack,
            $"the publisher grew from {before.Threads} to {peak.Threads} threads under the flood");
        Assert.True(peak.ResidentBytes - before.ResidentBytes <= ResidentGrowthBound,
            $"the publisher's resident memory grew by {(peak.ResidentBytes - before.ResidentBytes) >> 20} MiB under the flood");
        Assert.Contains("turned a connection away at once", publisher.StandardError);
        Assert.Contains("no hello within", publisher.StandardError);
    }

    private Socket Connect()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(RuntimeDirectory.SocketPath(_fixture.Topic)));
        return socket;
    }

    /// <summary>The publisher sends a round of samples; every subscriber receives each one, intact and in order.</summary>
    private static void SendRound(PeerProcess publisher, PeerProcess first, PeerProcess second, Subscriber? joiner)
    {
        publisher.Tell($"SEND {SamplesPerRound} {SampleLength}");
        for (int i = 0; i < SamplesPerRound; i++)
        {
            ulong sent = ulong.Parse(publisher.Expect("SENT ").Split(' ')[1]);
            Assert.Equal(sent, first.ExpectSample(SampleLength));
            Assert.Equal(sent, second.ExpectSample(SampleLength));
            if (joiner is null)
                continue;
            using var sample = joiner.Receive(Wait);
            Assert.NotNull(sample);
            Assert.Equal(sent, sample.Sequence);
            Assert.True(SamplePattern.Matches(sample.Span, sent));
        }
    }

    /// <summary>Connects a subscriber, trying again while the publisher turns it away for the pending connections ahead of it.</summary>
    private Subscriber JoinRetrying(out int turnedAway)
    {
        turnedAway = 0;
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            try
            {
                return Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log });
            }
            catch (TopicUnavailableException e) when (e.Message.Contains("in their handshake") && DateTime.UtcNow < deadline)
            {
                turnedAway++;
            }
        }
    }

    /// <summary>
    /// Connections that send a hello one byte per round and never finish it (the header promises
    /// 4 KiB more body than is ever sent). The pause between rounds paces the attack; nothing waits on it.
    /// </summary>
    private sealed class DrippingHellos(string topic) : IDisposable
    {
        private readonly List<Socket> _sockets = new();
        private readonly byte[] _hello = Promising4KiBMore(RawPeer.SubscriberHello(topic, TransportFixture.Contract.Fingerprint));
        private readonly ManualResetEventSlim _stop = new();
        private Thread? _thread;

        public void Add(Socket socket) => _sockets.Add(socket);

        public void Start()
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "dripping hellos" };
            _thread.Start();
        }

        private void Run()
        {
            for (int i = 0; i < _hello.Length && !_stop.Wait(TimeSpan.FromMilliseconds(20)); i++)
            {
                foreach (var socket in _sockets)
                    socket.Send(_hello.AsSpan(i, 1), SocketFlags.None, out _);
            }
        }

        private static byte[] Promising4KiBMore(byte[] hello)
        {
            var dripped = hello.Concat(new byte[4096]).ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(dripped, (uint)(dripped.Length - FrameHeader.Size));
            return dripped;
        }

        public void Dispose()
        {
            _stop.Set();
            _thread?.Join();
            foreach (var socket in _sockets)
                socket.Dispose();
            _stop.Dispose();
        }
    }
}
