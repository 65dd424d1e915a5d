namespace Quiver.Bridge.Tests;

/// <summary>A cluster node dies under a running stream: each test has a cluster of its own.</summary>
public sealed class NodeFailureTests : IDisposable
{
    private readonly NatsCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Killing_the_node_an_exporting_bridge_uses_mid_stream_reconnects_it_and_every_message_is_delivered_or_counted()
    {
        const string topic = "fault/stream";
        const int Count = 300, Length = 60_000;
        string prefix = Unique.Prefix();
        using var a = new Host("a");
        using var b = new Host("b");
        // Only node 0 is named: the bridge must be on it when it dies, and learns the other nodes from the cluster.
        using var exporter = BridgeProcess.Start(a.Directory, "--nats", _cluster.Nodes[0].Url, "--prefix", prefix, "--export", topic);
        using var importer = BridgeProcess.Start(b.Directory, "--nats", _cluster.Nodes[1].Url, "--prefix", prefix, "--import", topic);
        using var publisher = new ImagePeer(a.Directory, "publish-images", topic, "1");
        using var subscriber = new ImagePeer(b.Directory, "subscribe-images", topic);

        publisher.Tell($"STREAM {Count} {Length}");
        var received = new List<int>();
        for (int i = 0; i < 20; i++)
            received.Add(ImageLines.Check(subscriber.Expect("IMAGE"), "bridged"));
        _cluster.Nodes[0].Kill();
        exporter.WaitForError("reconnected to NATS");
        publisher.Expect("STREAMED");
        // Sent once the exporter is back: the stream goes on through another node. (At most once:
        // while the exporter still works through what queued up during the failover it may skip
        // some of these too, so there are many.)
        publisher.Tell($"STREAM {Count} {Length}");
        publisher.Expect("STREAMED");
        Assert.Equal(0, publisher.Finish());
        while (subscriber.Expect("") is var line && line != "END")
            received.Add(ImageLines.Check(line, "bridged"));

        Assert.Contains(received, n => n >= Count);
        Assert.Equal(received.Order(), received);
        var exported = StatsLines.Counters(BridgeProcess.Stop(exporter), $"export {topic}:");
        var imported = StatsLines.Counters(BridgeProcess.Stop(importer), $"import {topic}:");
        // Host B's publisher may skip its subscriber too when that falls behind (a loaded machine).
        Assert.InRange(received.Count, 1, imported["messages"]);
        // Every frame is accounted for: republished on B, skipped by the exporter while the link was down, or lost on the way.
        Assert.Equal(2 * Count, imported["messages"] + exported["skipped"] + imported["lost"]);
        Assert.Equal(exported["messages"], imported["messages"] + imported["lost"]);
        Assert.True(exported["reconnects"] >= 1);
    }
}
