using NATS.Client.Core;
using Quiver.Transport;

namespace Quiver.Bridge.Tests;

/// <summary>
/// A bridge hosted in this process imports a topic while the test plays a hostile exporter with
/// a plain NATS client: bad chunk streams are dropped and counted, good messages still get through,
/// and the republished topic says it comes from a bridge.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class HostileStreamTests : HostedBridgeTest
{
    private const ulong Exporter = 0x5eed;

    [Fact]
    public async Task Missing_corrupt_lying_huge_and_unfinished_chunk_streams_are_dropped_and_counted_and_good_messages_still_arrive()
    {
        var subjects = new SubjectMapping("hostile");
        await using var bridge = await Bridge.StartAsync(new BridgeOptions
        {
            NatsUrl = Server.Url,
            Prefix = subjects.Prefix,
            Import = [LocalHost.Topic],
            MaxMessageBytes = 1 << 20,
            ReassemblyTimeout = TimeSpan.FromMilliseconds(200),
            Log = LocalHost.Log,
        });
        await using var nats = new NatsConnection(new NatsOpts { Url = Server.Url });
        string data = subjects.DataSubject(LocalHost.Topic);
        var contract = new TopicContract("test.Bytes", 42, new byte[] { 7 });
        await nats.PublishAsync(subjects.AnnouncementSubject(LocalHost.Topic), new Announcement(Exporter, contract).ToBytes());
        using var subscriber = Subscriber.ConnectToAnyType(LocalHost.Topic, new SubscriberOptions { WaitForPublisher = Wait, Log = LocalHost.Log });
        Assert.True(subscriber.PublisherIsBridged);
        Assert.Equal((contract.MessageType, contract.Fingerprint), (subscriber.PublisherMessageType, subscriber.PublisherFingerprint));

        async Task Send(ChunkHeader header, byte[] body) => await nats.PublishAsync(data, Chunks.Wire(header, body));
        async Task SendAll(IEnumerable<(ChunkHeader Header, byte[] Body)> chunks)
        {
            foreach (var (header, body) in chunks)
                await Send(header, body);
        }

        var first = Chunks.Message(2500, 1);
        await SendAll(Chunks.Of(Exporter, 1, first, 1000));
        var missing = Chunks.Of(Exporter, 2, Chunks.Message(2500, 2), 1000);
        await SendAll([missing[0], missing[2]]);
        var corrupt = Chunks.Of(Exporter, 3, Chunks.Message(2500, 3), 1000);
        corrupt[1].Body[5] ^= 1;
        await SendAll(corrupt);
        var lying = Chunks.Of(Exporter, 4, Chunks.Message(2500, 4), 1000);
        await Send(lying[0].Header with { TotalLength = 2000 }, lying[0].Body);
        var huge = Chunks.Of(Exporter, 5, Chunks.Message(1000, 5), 1000)[0];
        await Send(huge.Header with { TotalLength = 1UL << 40, Count = 1 << 30 }, huge.Body);
        await nats.PublishAsync(data, new byte[] { 1, 2, 3 });
        await nats.PublishAsync(data, Chunks.Wire(huge.Header with { ExporterId = 0xbad }, huge.Body));
        var last = Chunks.Message(10, 7);
        await SendAll(Chunks.Of(Exporter, 7, last, 1000));
        var unfinished = Chunks.Of(Exporter, 8, Chunks.Message(2500, 8), 1000);
        await Send(unfinished[0].Header, unfinished[0].Body);

        using (var sample = subscriber.Receive(Wait)!)
            Assert.Equal(first, sample.Span.ToArray());
        using (var sample = subscriber.Receive(Wait)!)
            Assert.Equal(last, sample.Span.ToArray());
        var stats = await StatsWhen(bridge, s => s.DroppedIncomplete == 2);
        Assert.Equal(
            // messages, lost, incomplete, corrupt, too large, unannounced, chunks in flight
            (2L, 6L, 2L, 3L, 1L, 1L, 0),
            (stats.Messages, stats.Lost, stats.DroppedIncomplete, stats.DroppedCorrupt, stats.DroppedTooLarge, stats.DroppedUnannounced, stats.ChunksInFlight));
        Assert.False(subscriber.TryReceive(out _));
    }

    [Fact]
    public async Task An_end_of_stream_from_the_exporter_ends_the_local_stream()
    {
        var subjects = new SubjectMapping("ending");
        await using var bridge = await Bridge.StartAsync(new BridgeOptions { NatsUrl = Server.Url, Prefix = subjects.Prefix, Import = [LocalHost.Topic], Log = LocalHost.Log });
        await using var nats = new NatsConnection(new NatsOpts { Url = Server.Url });
        await nats.PublishAsync(subjects.AnnouncementSubject(LocalHost.Topic), new Announcement(Exporter, new TopicContract("test.Bytes", 42, new byte[] { 7 })).ToBytes());
        using var subscriber = Subscriber.ConnectToAnyType(LocalHost.Topic, new SubscriberOptions { WaitForPublisher = Wait, Log = LocalHost.Log });

        await nats.PublishAsync(subjects.DataSubject(LocalHost.Topic), Chunks.Wire(new ChunkHeader(ChunkKind.EndOfStream, Exporter, 3, 0, 0, 0, 0), []));

        Assert.Null(subscriber.Receive(Wait));
        var stats = await StatsWhen(bridge, s => !s.LocalPublisher);
        Assert.Equal(3, stats.Lost);
    }

    /// <summary>The import stats once <paramref name="condition"/> holds (the importer's expiry runs on its own timer).</summary>
    private async Task<TopicStats> StatsWhen(Bridge bridge, Func<TopicStats, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var stats = bridge.GetStats()[LocalHost.Topic];
            if (condition(stats))
                return stats;
            if (timeout.IsCancellationRequested)
                throw new TimeoutException($"The import stats never got there: {stats}");
            await Task.Delay(10);
        }
    }
}
