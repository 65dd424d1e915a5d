using Quiver.Tests;

namespace Quiver.Bridge.Tests;

/// <summary>
/// Two "hosts" (runtime directories) joined by two `quiver bridge` processes through a 3-node NATS
/// cluster on loopback, with publishers and subscribers as separate processes (C# and Python).
/// </summary>
public sealed class CrossHostTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly int[] Lengths = [64, 1000, (1 << 20) + 1, 16 << 20];
    private readonly NatsCluster _cluster = fixture.Cluster;
    private readonly string _prefix = Unique.Prefix();

    private LineProcess Bridge(Host host, int node, params string[] arguments) =>
        BridgeProcess.Start(host.Directory, ["--nats", _cluster.UrlsStartingWith(node), "--prefix", _prefix, .. arguments]);

    [PyarrowFact]
    public void Typed_images_from_host_A_reach_CSharp_and_Python_subscribers_on_host_B_unchanged_and_end_with_their_publisher()
    {
        const string topic = "cam/front.left_1";
        using var a = new Host("a");
        using var b = new Host("b");
        using var exporter = Bridge(a, 0, "--export", topic);
        using var importer = Bridge(b, 1, "--import", topic);
        using var publisher = new ImagePeer(a.Directory, "publish-images", topic, string.Join(",", Lengths));
        // Each subscriber connects once the importer republishes the topic, which it does once the exporter follows the publisher.
        using var csharp = new ImagePeer(b.Directory, "subscribe-images", topic);
        using var python = PythonPeer.Start(b.Directory, "subscribe", topic);

        publisher.Tell("SEND");
        publisher.Expect($"SENT {Lengths.Length}");

        for (int n = 0; n < Lengths.Length; n++)
        {
            Assert.Equal(ImageLines.Expected(n, Lengths[n], "bridged"), csharp.Expect("IMAGE"));
            Assert.Equal(ImageLines.Expected(n, Lengths[n], "bridged"), python.Expect("IMAGE"));
        }
        Assert.Equal(0, publisher.Finish());
        csharp.Expect("END");
        python.Expect("END");
        var stats = string.Join("\n", BridgeProcess.Stop(importer));
        Assert.Contains($"stats: import {topic}: {Lengths.Length} messages, ", stats);
        Assert.Contains(" bytes, 0 lost ", stats);
    }

    [PyarrowFact]
    public void A_Python_publisher_on_host_B_feeds_a_CSharp_subscriber_on_host_A()
    {
        const string topic = "py/images";
        int[] lengths = [64, 3 << 20];
        using var a = new Host("a");
        using var b = new Host("b");
        using var exporter = Bridge(b, 2, "--export", topic);
        using var importer = Bridge(a, 0, "--import", topic);
        using var publisher = PythonPeer.Start(b.Directory, "publish", topic, string.Join(",", lengths));
        using var subscriber = new ImagePeer(a.Directory, "subscribe-images", topic);

        publisher.Tell("SEND");
        publisher.Expect($"SENT {lengths.Length}");

        for (int n = 0; n < lengths.Length; n++)
            Assert.Equal(ImageLines.Expected(n, lengths[n], "from-python"), subscriber.Expect("IMAGE"));
    }

    [Fact]
    public void A_two_way_bridge_carries_both_directions_and_a_bridge_never_exports_what_a_bridge_imported()
    {
        using var a = new Host("a");
        using var b = new Host("b");
        using var bridgeA = Bridge(a, 0, "--export", "a/out", "--import", "b/out");
        using var bridgeB = Bridge(b, 1, "--export", "b/out", "--import", "a/out");
        using var publisherA = new ImagePeer(a.Directory, "publish-images", "a/out", "100");
        using var publisherB = new ImagePeer(b.Directory, "publish-images", "b/out", "200");
        using var onB = new ImagePeer(b.Directory, "subscribe-images", "a/out");
        using var onA = new ImagePeer(a.Directory, "subscribe-images", "b/out");
        // A second bridge on B that would send a/out, which B only has through a bridge, back to the cluster.
        using var echo = Bridge(b, 2, "--export", "a/out");
        echo.WaitForError("not exporting topic 'a/out'");

        publisherA.Tell("SEND");
        publisherB.Tell("SEND");
        Assert.Equal(ImageLines.Expected(0, 100, "bridged"), onB.Expect("IMAGE"));
        Assert.Equal(ImageLines.Expected(0, 200, "bridged"), onA.Expect("IMAGE"));
        publisherA.Tell("SEND");
        Assert.Equal(ImageLines.Expected(1, 100, "bridged"), onB.Expect("IMAGE"));

        var echoed = string.Join("\n", BridgeProcess.Stop(echo));
        Assert.Contains("stats: export a/out: 0 messages", echoed);
        var imported = string.Join("\n", BridgeProcess.Stop(bridgeB));
        Assert.Contains("stats: import a/out: 2 messages", imported);
    }

    [Fact]
    public void A_killed_exporting_bridge_is_replaced_without_ending_the_stream_and_a_restarted_importer_republishes()
    {
        const string topic = "restart/me";
        using var a = new Host("a");
        using var b = new Host("b");
        var exporter = Bridge(a, 0, "--export", topic);
        var importer = Bridge(b, 1, "--import", topic);
        using var publisher = new ImagePeer(a.Directory, "publish-images", topic, "500");
        using var subscriber = new ImagePeer(b.Directory, "subscribe-images", topic);
        publisher.Tell("SEND");
        Assert.Equal(ImageLines.Expected(0, 500, "bridged"), subscriber.Expect("IMAGE"));

        exporter.Kill();
        exporter.Dispose();
        using var exporter2 = Bridge(a, 2, "--export", topic);
        // The new exporter announces the same contract: the importer keeps its local publisher, so
        // the subscriber on B goes on without noticing (no END) and gets what is sent next.
        importer.WaitForError("importing topic 'restart/me'", occurrences: 2);
        publisher.Tell("SEND");
        Assert.Equal(ImageLines.Expected(1, 500, "bridged"), subscriber.Expect("IMAGE"));

        importer.Kill();
        importer.Dispose();
        subscriber.Expect("END");
        using var importer2 = Bridge(b, 0, "--import", topic);
        using var subscriber2 = new ImagePeer(b.Directory, "subscribe-images", topic);
        publisher.Tell("SEND");
        Assert.Equal(ImageLines.Expected(2, 500, "bridged"), subscriber2.Expect("IMAGE"));
    }

    [Fact]
    public void A_bridge_refuses_to_import_a_topic_a_local_process_publishes()
    {
        using var b = new Host("b");
        using var owner = new ImagePeer(b.Directory, "publish-images", "owned/topic", "10");
        var (exitCode, error) = BridgeProcess.RunToFailure(b.Directory, "--nats", _cluster.UrlsStartingWith(0), "--prefix", _prefix, "--import", "owned/topic");
        Assert.Equal(BridgeProcess.Failed, exitCode);
        Assert.Contains($"Refusing to import topic 'owned/topic': its local socket belongs to a live publisher (pid {owner.ProcessId}, vision.Image)", error);
    }
}
