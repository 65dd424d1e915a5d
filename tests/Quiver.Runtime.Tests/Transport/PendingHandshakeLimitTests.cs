using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// <see cref="PublisherOptions.MaxPendingHandshakes"/>: a connection over the bound is refused and
/// closed at once, the log says so without a line per connection, and a pending one that finishes
/// its hello (or times out) makes room again.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class PendingHandshakeLimitTests : IDisposable
{
    private const int Bound = 2;
    private const int OverTheBound = 20;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Connections_over_the_bound_are_refused_at_once_with_one_log_line_and_a_finished_hello_makes_room()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            MaxPendingHandshakes = Bound,
            HandshakeTimeout = Wait,
        });
        var silent = Enumerable.Range(0, Bound).Select(_ => RawPeer.ConnectTo(_fixture.Topic)).ToList();
        try
        {
            for (int i = 0; i < OverTheBound; i++)
            {
                using var late = RawPeer.ConnectTo(_fixture.Topic);
                string reason = Refusal.Parse(late.NextOf(PeerRole.Publisher, FrameType.Refusal));
                Assert.Equal($"Topic '{_fixture.Topic}' already has {Bound} connections in their handshake; try again.", reason);
                Assert.True(late.WasClosed(PeerRole.Publisher));
            }
            var refused = Assert.Throws<TopicUnavailableException>(() => Subscriber.Connect(_fixture.Topic, TransportFixture.Contract));
            Assert.Contains("in their handshake; try again", refused.Message);
            lock (_fixture.Messages)
            {
                var turnedAway = _fixture.Messages.Where(m => m.Message.Contains("turned a connection away")).ToList();
                // One line, not one per connection: a flood must not flood the log.
                Assert.True(turnedAway.Count is >= 1 and < OverTheBound, $"{turnedAway.Count} log lines for {OverTheBound + 1} connections turned away");
                Assert.All(turnedAway, m => Assert.Equal(TransportLogLevel.Warning, m.Level));
            }

            // A pending connection that completes its hello leaves the pending set and is served.
            silent[0].Send(RawPeer.SubscriberHello(_fixture.Topic, TransportFixture.Contract.Fingerprint));
            silent[0].NextOf(PeerRole.Publisher, FrameType.Hello);
            Assert.True(publisher.WaitForSubscribers(1, Wait));
            using var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract);
            Assert.True(publisher.WaitForSubscribers(2, Wait));
        }
        finally
        {
            foreach (var peer in silent)
                peer.Dispose();
        }
    }

    [Fact]
    public void A_pending_connection_that_times_out_makes_room()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            MaxPendingHandshakes = 1,
            HandshakeTimeout = TimeSpan.FromMilliseconds(300),
        });
        using var silent = RawPeer.ConnectTo(_fixture.Topic);
        Assert.True(silent.WasClosed(PeerRole.Publisher));
        Assert.Contains("no hello within", _fixture.WaitForLog("no hello within", Wait));
        using var subscriber = Subscriber.Connect(_fixture.Topic, TransportFixture.Contract);
        Assert.True(publisher.WaitForSubscribers(1, Wait));
    }
}
