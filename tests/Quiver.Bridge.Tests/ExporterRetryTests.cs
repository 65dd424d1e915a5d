using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Quiver.Bridge.Tests;

/// <summary>
/// A reliable exporter whose stream stops answering (the tests delete it) tries each chunk again
/// until it is stored, and its <c>--stats</c> line counts the tries; once the stream is back the
/// message gets through, and the small messages that queued behind it meanwhile go out in batches.
/// </summary>
public sealed class ExporterRetryTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly NatsServer _server = NatsServer.SingleWithJetStream();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Chunks_the_stream_does_not_confirm_are_sent_again_and_counted_as_retries()
    {
        const string topic = "retry/topic";
        string prefix = Unique.Prefix();
        var subjects = new SubjectMapping(prefix);
        using var a = new Host("a");
        using var exporter = BridgeProcess.Start(a.Directory, "--nats", _server.Url, "--prefix", prefix, "--reliable", "--replicas", "1",
            "--export", topic, "--stats", "0.1");
        using var publisher = new ImagePeer(a.Directory, "publish-images", topic, "1000");
        string what = $"export {topic}:";
        StatsLines.WaitFor(exporter, what, line => line.EndsWith("publisher up", StringComparison.Ordinal), Patience);
        await using var nats = new NatsConnection(new NatsOpts { Url = _server.Url });
        var js = new NatsJSContext(nats);
        string stream = JetStreamNames.Stream(subjects, topic);
        await js.DeleteStreamAsync(stream);

        publisher.Tell("SEND");
        publisher.Expect("SENT 1");
        var failing = StatsLines.WaitFor(exporter, what, line => StatsLines.Numbers(line, what)["retries"] >= 2, Patience);
        Assert.Equal(0, failing["messages"]);

        await js.CreateStreamAsync(new StreamConfig(stream, [subjects.DataSubject(topic)]) { NumReplicas = 1 });
        var recovered = StatsLines.WaitFor(exporter, what, line => StatsLines.Numbers(line, what)["messages"] == 1, Patience);
        Assert.True(recovered["retries"] >= failing["retries"], $"retries went from {failing["retries"]} to {recovered["retries"]}");
        Assert.Equal(0, recovered["skipped"]);
        Assert.True((await js.GetStreamAsync(stream)).Info.State.Messages >= 1, "the message's chunk is not in the stream");
    }

    [Fact]
    public async Task Messages_queued_behind_a_stalled_one_go_out_in_batches_and_each_arrives_whole_and_in_order()
    {
        const string topic = "batched/images";
        // 19 images of 4000 data bytes (a little more as Arrow IPC) need two 64 KiB batches: more than 65536 bytes, less than 131072.
        const int Images = 20, Length = 4000;
        string prefix = Unique.Prefix();
        var subjects = new SubjectMapping(prefix);
        using var a = new Host("a");
        using var b = new Host("b");
        using var exporter = BridgeProcess.Start(a.Directory, "--nats", _server.Url, "--prefix", prefix, "--reliable", "--replicas", "1",
            "--export", topic, "--queue-depth", "64", "--stats", "0.1");
        using var publisher = new ImagePeer(a.Directory, "publish-images", topic, $"{Length}");
        string what = $"export {topic}:";
        StatsLines.WaitFor(exporter, what, line => line.EndsWith("publisher up", StringComparison.Ordinal), Patience);
        await using var nats = new NatsConnection(new NatsOpts { Url = _server.Url });
        var js = new NatsJSContext(nats);
        string stream = JetStreamNames.Stream(subjects, topic);
        // The exporter's permission probe and its announcement first: the stall must be the first image's.
        await JetStreamProbe.UntilAsync("the stream holds the probe and the announcement", async () => (await js.GetStreamAsync(stream)).Info.State.Messages >= 2);
        await js.DeleteStreamAsync(stream);

        publisher.Tell("SEND");
        publisher.Expect("SENT 1");
        StatsLines.WaitFor(exporter, what, line => StatsLines.Numbers(line, what)["retries"] >= 1, Patience);
        for (int n = 2; n <= Images; n++)
        {
            publisher.Tell("SEND");
            publisher.Expect($"SENT {n}");
        }
        var stalled = StatsLines.WaitFor(exporter, what, line => StatsLines.Numbers(line, what)["queued"] == Images - 1, Patience);
        Assert.Equal((0L, 0L), (stalled["messages"], stalled["batches"]));

        await js.CreateStreamAsync(new StreamConfig(stream, [subjects.DataSubject(topic)]) { NumReplicas = 1 });
        var sent = StatsLines.WaitFor(exporter, what, line => StatsLines.Numbers(line, what)["messages"] == Images, Patience);
        Assert.Equal((2L, 0L, 0L), (sent["batches"], sent["queued"], sent["skipped"]));
        Assert.Equal(1L + 2, (long)(await js.GetStreamAsync(stream)).Info.State.Messages);

        using var importer = BridgeProcess.Start(b.Directory, "--nats", _server.Url, "--prefix", prefix, "--reliable", "--replicas", "1",
            "--import", topic, "--since", "10m");
        using var subscriber = new ImagePeer(b.Directory, "subscribe-images", topic);
        for (int n = 0; n < Images; n++)
            Assert.Equal(ImageLines.Expected(n, Length, "bridged"), subscriber.Expect("IMAGE"));
        Assert.Equal(0, publisher.Finish());
        Assert.Equal("END", subscriber.Expect(""));
    }
}
