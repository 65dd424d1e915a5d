using NATS.Client.Core;
using Quiver.Transport;

namespace Quiver.Bridge.Tests;

/// <summary>
/// NATS hands an importer a burst of small messages all at once, faster than a local subscriber
/// wakes up; <c>--import-queue-depth</c> lets each local subscriber hold that many before the
/// importer's publisher skips it.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class ImportQueueDepthTests : HostedBridgeTest
{
    private const ulong Exporter = 0xb0257;
    private const int Burst = 300;

    [Fact]
    public async Task A_subscriber_that_takes_nothing_until_a_burst_is_republished_still_gets_all_of_it()
    {
        var subjects = new SubjectMapping("burst");
        using var bridge = BridgeProcess.Start(RuntimeDirectory.Path, "--nats", Server.Url, "--prefix", subjects.Prefix,
            "--import", LocalHost.Topic, "--import-queue-depth", Burst.ToString(), "--stats", "0.1");
        await using var nats = new NatsConnection(new NatsOpts { Url = Server.Url });
        await nats.PublishAsync(subjects.AnnouncementSubject(LocalHost.Topic), new Announcement(Exporter, new TopicContract("test.Bytes", 42, new byte[] { 7 })).ToBytes());
        using var subscriber = Subscriber.ConnectToAnyType(LocalHost.Topic, new SubscriberOptions { WaitForPublisher = TimeSpan.FromSeconds(30), Log = LocalHost.Log });

        var messages = Enumerable.Range(1, Burst).Select(id => Chunks.Message(100, id)).ToList();
        for (int id = 1; id <= Burst; id++)
        {
            var (header, body) = Chunks.Of(Exporter, (ulong)id, messages[id - 1], 1000).Single();
            await nats.PublishAsync(subjects.DataSubject(LocalHost.Topic), Chunks.Wire(header, body));
        }
        string what = $"import {LocalHost.Topic}:";
        StatsLines.WaitFor(bridge, what, line => StatsLines.Numbers(line, what)["messages"] == Burst, TimeSpan.FromSeconds(60));

        // A sample the importer's publisher skipped would never come: Receive would time out.
        foreach (var message in messages)
        {
            using var sample = subscriber.Receive(TimeSpan.FromSeconds(10))!;
            Assert.Equal(message, sample.Span.ToArray());
        }
        Assert.False(subscriber.TryReceive(out _));
    }
}
