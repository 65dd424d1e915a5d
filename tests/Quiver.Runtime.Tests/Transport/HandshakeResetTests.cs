using System.Net.Sockets;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// A publisher killed while a subscriber's connection still waits in its listener's queue resets
/// that connection (found by the chaos soak, bench/Quiver.Chaos): the subscriber must hear that
/// the topic is unavailable, as for any other failed handshake, not get a raw socket error.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class HandshakeResetTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_publisher_that_dies_during_the_handshake_makes_the_topic_unavailable()
    {
        RuntimeDirectory.Ensure();
        string path = RuntimeDirectory.SocketPath(_fixture.Topic);
        // A listener that never accepts stands for a publisher killed with the connection still queued.
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Task<Subscriber> connecting;
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            connecting = Task.Run(() => Subscriber.Connect(_fixture.Topic, TransportFixture.Contract,
                new SubscriberOptions { ConnectTimeout = Wait, Log = _fixture.Log }));
            Assert.True(listener.Poll(Wait, SelectMode.SelectRead), "the subscriber never connected");
        }
        finally
        {
            listener.Dispose();
            File.Delete(path);
        }
        var failure = Assert.Throws<AggregateException>(() => connecting.Wait(Wait)).InnerException;
        var unavailable = Assert.IsType<TopicUnavailableException>(failure);
        Assert.Contains("closed the connection during the handshake", unavailable.Message);
    }
}
