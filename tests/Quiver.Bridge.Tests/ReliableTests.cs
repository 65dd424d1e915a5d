namespace Quiver.Bridge.Tests;

/// <summary>One 3-node JetStream cluster shared by the reliable-mode tests of a class that do not harm it; each test keeps to its own prefix.</summary>
public sealed class JetStreamClusterFixture : IDisposable
{
    public NatsCluster Cluster { get; } = new(3, jetStream: true);

    public void Dispose() => Cluster.Dispose();
}

/// <summary>Reliable mode (--reliable) between two or three "hosts" through a JetStream cluster.</summary>
public sealed class ReliableTests(JetStreamClusterFixture fixture) : IClassFixture<JetStreamClusterFixture>
{
    private readonly NatsCluster _cluster = fixture.Cluster;
    private readonly string _prefix = Unique.Prefix();

    private LineProcess Bridge(Host host, int node, params string[] arguments) =>
        BridgeProcess.Start(host.Directory, ["--nats", _cluster.UrlsStartingWith(node), "--prefix", _prefix, "--reliable", .. arguments]);

    private JetStreamProbe Probe(string topic) => new(_cluster.UrlsStartingWith(0), _prefix, topic);

    /// <summary>Frame numbers of the IMAGE lines until END, each checked against the image that was sent.</summary>
    private static List<int> ReceiveUntilEnd(ImagePeer subscriber)
    {
        var received = new List<int>();
        while (subscriber.Expect("") is var line && line != "END")
            received.Add(ImageLines.Check(line, "bridged"));
        return received;
    }

    [Fact]
    public async Task A_late_importer_with_since_receives_the_retained_messages_and_one_without_only_new_ones()
    {
        const string topic = "late/joiner";
        using var a = new Host("a");
        using var b = new Host("b");
        using var c = new Host("c");
        using var exporter = Bridge(a, 0, "--export", topic);
        using var publisher = new ImagePeer(a.Directory, "publish-images", topic, "1000,2500000");
        await using var probe = Probe(topic);
        await probe.UntilExporterFollowsAsync();
        for (int i = 1; i <= 3; i++)
        {
            publisher.Tell("SEND");
            publisher.Expect($"SENT {2 * i}");
        }
        await JetStreamProbe.UntilAsync("the stream holds the 6 images", async () => (await probe.StreamAsync()).State.Bytes >= 3 * (1000 + 2_500_000));

        using var late = Bridge(b, 1, "--import", topic, "--since", "10m");
        using var onB = new ImagePeer(b.Directory, "subscribe-images", topic);
        using var fresh = Bridge(c, 2, "--import", topic);
        for (int n = 0; n < 6; n++)
            Assert.Equal(ImageLines.Expected(n, n % 2 == 0 ? 1000 : 2500000, "bridged"), onB.Expect("IMAGE"));
        using var onC = new ImagePeer(c.Directory, "subscribe-images", topic);
        publisher.Tell("SEND");
        publisher.Expect("SENT 8");
        Assert.Equal(0, publisher.Finish());

        Assert.Equal([6, 7], ReceiveUntilEnd(onB));
        Assert.Equal([6, 7], ReceiveUntilEnd(onC));
    }

    [Fact]
    public async Task Retention_by_size_keeps_only_the_newest_whole_messages_and_by_age_empties_the_stream()
    {
        const string sized = "kept/by-size", aged = "kept/by-age";
        const int Length = 1_500_000, MaxBytes = 4_000_000;
        using var a = new Host("a");
        using var b = new Host("b");
        using var exporter = Bridge(a, 0, "--export", sized, "--max-bytes", MaxBytes.ToString());
        using var agedExporter = Bridge(a, 1, "--export", aged, "--max-age", "1s");
        using var publisher = new ImagePeer(a.Directory, "publish-images", sized, Length.ToString());
        await using var probe = Probe(sized);
        await probe.UntilExporterFollowsAsync();
        for (int i = 1; i <= 6; i++)
        {
            publisher.Tell("SEND");
            publisher.Expect($"SENT {i}");
        }
        await JetStreamProbe.UntilAsync("the last image is stored (after the probe, the announcement and 5 images of 2 chunks)", async () => (await probe.StreamAsync()).State.LastSeq >= 2 + 6 * 2);
        var state = (await probe.StreamAsync()).State;
        Assert.InRange(state.Bytes, 1, MaxBytes);

        using var importer = Bridge(b, 2, "--import", sized, "--since", "1h");
        using var subscriber = new ImagePeer(b.Directory, "subscribe-images", sized);
        Assert.Equal(0, publisher.Finish());
        var received = ReceiveUntilEnd(subscriber);
        // 4 MB hold two whole 1.5 MB images and part of a third: the part is dropped, never delivered half.
        Assert.Equal([4, 5], received);
        var imported = StatsLines.Counters(BridgeProcess.Stop(importer), $"import {sized}:");
        // Images 0 to 2 left the stream whole, 3 in part: the importer counts the four lost, none delivered.
        Assert.Equal(4, imported["lost"]);
        Assert.Equal(2, imported["messages"]);

        await using var agedProbe = Probe(aged);
        using var agedPublisher = new ImagePeer(a.Directory, "publish-images", aged, "100");
        await agedProbe.UntilExporterFollowsAsync();
        agedPublisher.Tell("SEND");
        agedPublisher.Expect("SENT 1");
        Assert.Equal(TimeSpan.FromSeconds(1), (await agedProbe.StreamAsync()).Config.MaxAge);
        await JetStreamProbe.UntilAsync("the stream stored the image", async () => (await agedProbe.StreamAsync()).State.LastSeq >= 3);
        await JetStreamProbe.UntilAsync("the image aged out", async () => (await agedProbe.StreamAsync()).State.Messages == 0);
    }

    [Fact]
    public async Task A_killed_and_restarted_importer_resumes_through_its_durable_consumer_without_loss_or_duplicates()
    {
        const string topic = "resume/me";
        using var a = new Host("a");
        using var b = new Host("b");
        using var exporter = Bridge(a, 0, "--export", topic);
        var importer = Bridge(b, 1, "--import", topic, "--consumer", "host-b");
        using var publisher = new ImagePeer(a.Directory, "publish-images", topic, "700");
        using var subscriber = new ImagePeer(b.Directory, "subscribe-images", topic);
        await using var probe = Probe(topic);
        for (int n = 0; n < 5; n++)
        {
            publisher.Tell("SEND");
            publisher.Expect($"SENT {n + 1}");
            Assert.Equal(ImageLines.Expected(n, 700, "bridged"), subscriber.Expect("IMAGE"));
        }
        // Killed once its acknowledgements reached the stream; what it republished is not republished again.
        await JetStreamProbe.UntilAsync("host-b acknowledged everything", async () =>
            (await probe.ConsumerAsync("host-b")).AckFloor.StreamSeq == (await probe.StreamAsync()).State.LastSeq);
        importer.Kill();
        importer.Dispose();
        subscriber.Expect("END");

        for (int n = 5; n < 10; n++)
        {
            publisher.Tell("SEND");
            publisher.Expect($"SENT {n + 1}");
        }
        using var restarted = Bridge(b, 2, "--import", topic, "--consumer", "host-b");
        using var subscriber2 = new ImagePeer(b.Directory, "subscribe-images", topic);
        Assert.Equal(0, publisher.Finish());
        Assert.Equal([5, 6, 7, 8, 9], ReceiveUntilEnd(subscriber2));
    }
}

/// <summary>Reliable mode against servers it cannot use.</summary>
public sealed class ReliableRefusalTests
{
    [Fact]
    public void A_server_without_JetStream_gives_a_clear_error_in_reliable_mode()
    {
        using var server = NatsServer.Single();
        using var host = new Host("a");
        foreach (var direction in new[] { "--export", "--import" })
        {
            var (exitCode, error) = BridgeProcess.RunToFailure(host.Directory, "--nats", server.Url, "--reliable", direction, "some/topic");
            Assert.Equal(BridgeProcess.Failed, exitCode);
            Assert.Contains($"Reliable mode needs JetStream, and NATS at {server.Url} does not answer JetStream requests", error);
        }
    }

    [Fact]
    public void More_replicas_than_JetStream_servers_and_reliable_options_without_reliable_are_refused_clearly()
    {
        using var server = NatsServer.SingleWithJetStream();
        using var host = new Host("a");
        var (exitCode, error) = BridgeProcess.RunToFailure(host.Directory, "--nats", server.Url, "--reliable", "--export", "some/topic");
        Assert.Equal(BridgeProcess.Failed, exitCode);
        Assert.Contains("refused JetStream stream 'quiver~default~some+topic' (3 replicas", error);
        (exitCode, error) = BridgeProcess.RunToFailure(host.Directory, "--nats", server.Url, "--since", "5m", "--import", "some/topic");
        Assert.Equal(2, exitCode);
        Assert.Contains("--since applies to reliable mode only; add --reliable.", error);
    }
}
