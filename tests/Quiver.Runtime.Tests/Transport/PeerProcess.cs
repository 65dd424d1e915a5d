using Quiver.Tests;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>A Quiver.Transport.TestPeer child process (see <see cref="TestPeerProcess"/>).</summary>
public sealed class PeerProcess : TestPeerProcess
{
    private PeerProcess(string runtimeDirectory, params string[] arguments)
        : base("Quiver.Transport.TestPeer", runtimeDirectory, arguments)
    {
    }

    private PeerProcess(string runtimeDirectory, NotificationPath notification, params string[] arguments)
        : base("Quiver.Transport.TestPeer", runtimeDirectory, new Dictionary<string, string> { ["QUIVER_NOTIFICATION"] = Path(notification) }, arguments)
    {
    }

    private static string Path(NotificationPath notification) => notification == NotificationPath.Socket ? "socket" : "ring";

    /// <summary>A subscriber (as <see cref="Subscriber(TransportFixture, bool)"/>) whose notification path is fixed whatever the test process's default.</summary>
    public static PeerProcess Subscriber(TransportFixture fixture, bool autoRelease, NotificationPath notification) =>
        new(fixture.Directory, notification, "subscribe", fixture.Topic, autoRelease ? "auto" : "hold");

    /// <summary>A publisher whose notification path is fixed whatever the test process's default.</summary>
    public static PeerProcess Publisher(TransportFixture fixture, NotificationPath notification) =>
        new(fixture.Directory, notification, "publish", fixture.Topic);

    /// <summary>Ring subscribers reading with ReadAllAsync on a capped thread pool (see the TestPeer's async-readers mode).</summary>
    public static PeerProcess AsyncReaders(TransportFixture fixture) =>
        new(fixture.Directory, NotificationPath.SharedMemoryRing, "async-readers", fixture.Topic);

    public static PeerProcess Subscriber(TransportFixture fixture, bool autoRelease) =>
        new(fixture.Directory, "subscribe", fixture.Topic, autoRelease ? "auto" : "hold");

    /// <summary>MixedSoak's subscriber: "END &lt;received&gt; &lt;bad&gt; &lt;drop tokens sent&gt;", then "RSS ..." at the end.</summary>
    public static PeerProcess SoakSubscriber(TransportFixture fixture) => new(fixture.Directory, "subscribe", fixture.Topic, "soak");

    public static PeerProcess Publisher(TransportFixture fixture) => new(fixture.Directory, "publish", fixture.Topic);

    public static PeerProcess Publisher(TransportFixture fixture, TimeSpan handshakeTimeout) =>
        new(fixture.Directory, "publish", fixture.Topic, ((int)handshakeTimeout.TotalMilliseconds).ToString());

    /// <summary>Reads a "SAMPLE seq length ok|bad" line and returns the sequence after checking the rest.</summary>
    public ulong ExpectSample(int length)
    {
        var parts = Expect("SAMPLE ").Split(' ');
        Assert.Equal(length.ToString(), parts[2]);
        Assert.Equal("ok", parts[3]);
        return ulong.Parse(parts[1]);
    }
}
