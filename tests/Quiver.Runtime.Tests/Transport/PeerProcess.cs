using Quiver.Tests;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>A Quiver.Transport.TestPeer child process (see <see cref="TestPeerProcess"/>).</summary>
public sealed class PeerProcess : TestPeerProcess
{
    private PeerProcess(string runtimeDirectory, params string[] arguments)
        : base("Quiver.Transport.TestPeer", runtimeDirectory, arguments)
    {
    }

    public static PeerProcess Subscriber(TransportFixture fixture, bool autoRelease) =>
        new(fixture.Directory, "subscribe", fixture.Topic, autoRelease ? "auto" : "hold");

    /// <summary>MixedSoak's subscriber: "END &lt;received&gt; &lt;bad&gt; &lt;drop tokens sent&gt;", then "RSS ..." at the end.</summary>
    public static PeerProcess SoakSubscriber(TransportFixture fixture) => new(fixture.Directory, "subscribe", fixture.Topic, "soak");

    public static PeerProcess Publisher(TransportFixture fixture) => new(fixture.Directory, "publish", fixture.Topic);

    /// <summary>Reads a "SAMPLE seq length ok|bad" line and returns the sequence after checking the rest.</summary>
    public ulong ExpectSample(int length)
    {
        var parts = Expect("SAMPLE ").Split(' ');
        Assert.Equal(length.ToString(), parts[2]);
        Assert.Equal("ok", parts[3]);
        return ulong.Parse(parts[1]);
    }
}
