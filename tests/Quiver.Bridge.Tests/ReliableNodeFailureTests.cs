namespace Quiver.Bridge.Tests;

/// <summary>A JetStream cluster node dies under a reliable stream: each test has a cluster of its own.</summary>
public sealed class ReliableNodeFailureTests : IDisposable
{
    private readonly NatsCluster _cluster = new(3, jetStream: true);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Killing_the_node_a_reliable_exporter_uses_mid_stream_loses_nothing_and_duplicates_nothing()
    {
        const string topic = "fault/reliable";
        const int Count = 150, After = 10, Length = 60_000;
        string prefix = Unique.Prefix();
        using var a = new Host("a");
        using var b = new Host("b");
        // Only node 0 is named for the exporter: it must be on it when it dies. Three replicas keep the stream through the loss.
        // Chunks of 16 KiB cut each image into four, all on their way at once (the exporter's window): the
        // tries lost with the node are sent again after later chunks of their image may have been stored.
        // (An importer takes at most 256 chunks ahead of its acknowledgements, so its largest message is 1 MiB.)
        string[] chunks = ["--max-chunk-bytes", "16384"];
        using var exporter = BridgeProcess.Start(a.Directory, ["--nats", _cluster.Nodes[0].Url, "--prefix", prefix, "--export", topic, "--reliable", "--replicas", "3", "--stats", "1", .. chunks]);
        using var importer = BridgeProcess.Start(b.Directory, ["--nats", _cluster.UrlsStartingWith(1), "--prefix", prefix, "--import", topic, "--reliable", "--replicas", "3", "--max-message-bytes", "1048576", .. chunks]);
        using var publisher = new ImagePeer(a.Directory, "publish-images", topic, Length.ToString());
        using var subscriber = new ImagePeer(b.Directory, "subscribe-images", topic);

        publisher.Tell($"STREAM {Count} {Length}");
        var received = new List<int>();
        for (int i = 0; i < 20; i++)
            received.Add(ImageLines.Check(subscriber.Expect("IMAGE"), "bridged"));
        _cluster.Nodes[0].Kill();
        exporter.WaitForError("reconnected to NATS");
        publisher.Expect("STREAMED");
        // The exporter may still hold a full queue from the stream while the stream fails over, so
        // this one may be skipped. Once it is accounted for, the exporter's queue is empty.
        publisher.Tell("SEND");
        publisher.Expect($"SENT {Count + 1}");
        WaitUntilAccountedFor(exporter, topic, Count + 1);
        // Then one at a time, each waited for on B: the exporter's queue never fills, so none may be skipped.
        for (int n = Count + 1; n < Count + 1 + After; n++)
        {
            publisher.Tell("SEND");
            publisher.Expect($"SENT {n + 1}");
            do
                received.Add(ImageLines.Check(subscriber.Expect("IMAGE"), "bridged"));
            while (received[^1] < n);
        }
        Assert.Equal(0, publisher.Finish());
        subscriber.Expect("END");

        var exported = StatsLines.Counters(BridgeProcess.Stop(exporter), $"export {topic}:");
        var imported = StatsLines.Counters(BridgeProcess.Stop(importer), $"import {topic}:");
        // Nothing the exporter took was lost or delivered twice, and the order held: every frame
        // reached the subscriber on B once, unless the exporter skipped it at the source (its queue
        // was full while the stream failed over, a local matter the stats count).
        Assert.Equal(0, imported["lost"]);
        Assert.Equal(exported["messages"], imported["messages"]);
        Assert.Equal(received.Distinct().Order(), received);
        Assert.Equal(Count + 1 + After, received.Count + exported["skipped"]);
        Assert.Equal(Enumerable.Range(Count + 1, After), received[^After..]);
        Assert.True(exported["reconnects"] >= 1);
    }

    /// <summary>
    /// Reads the exporter's periodic stats until each of the first <paramref name="samples"/> samples
    /// is counted as stored or skipped: then none waits in its queue. An exporter that stopped
    /// sending never gets there, and its stats lines keep coming: a deadline ends the wait.
    /// </summary>
    private static void WaitUntilAccountedFor(LineProcess exporter, string topic, long samples)
    {
        string what = $"export {topic}:";
        StatsLines.WaitFor(exporter, what, line => StatsLines.Numbers(line, what) is var counters && counters["messages"] + counters["skipped"] == samples, AccountingDeadline);
    }

    private static readonly TimeSpan AccountingDeadline = TimeSpan.FromSeconds(60);
}
