using NATS.Client.Core;
using Quiver.Transport;

namespace Quiver.Bridge.Tests;

/// <summary>
/// Core mode sends an end of stream once; lost in a reconnect, it would leave the importer's local
/// publisher up for good. The importer therefore asks its exporter now and then, and an exporter
/// that follows no publisher any more answers empty. The test plays the exporter with a plain
/// NATS client in the first test, and checks a real exporter's answers in the second.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class LostEndOfStreamTests : HostedBridgeTest
{
    private const ulong Exporter = 0x10575;

    [Fact]
    public async Task The_local_stream_stays_while_the_exporter_follows_its_publisher_and_ends_once_it_answers_that_it_follows_none()
    {
        var subjects = new SubjectMapping("lostend");
        await using var bridge = await Bridge.StartAsync(new BridgeOptions { NatsUrl = Server.Url, Prefix = subjects.Prefix, Import = [LocalHost.Topic], Log = LocalHost.Log });
        await using var nats = new NatsConnection(new NatsOpts { Url = Server.Url });
        var announcement = new Announcement(Exporter, new TopicContract("test.Bytes", 42, new byte[] { 7 })).ToBytes();
        var following = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int answeredWithAnnouncement = 0;
        await using var requests = await nats.SubscribeCoreAsync<byte[]>(subjects.AnnouncementSubject(LocalHost.Topic));
        var answering = Task.Run(async () =>
        {
            await foreach (var request in requests.Msgs.ReadAllAsync())
            {
                if (request.ReplyTo is null)
                    continue;
                if (following.Task.IsCompleted)
                {
                    await request.ReplyAsync(Array.Empty<byte>());
                    continue;
                }
                await request.ReplyAsync(announcement);
                Interlocked.Increment(ref answeredWithAnnouncement);
            }
        });
        await nats.PublishAsync(subjects.AnnouncementSubject(LocalHost.Topic), announcement);
        using var subscriber = Subscriber.ConnectToAnyType(LocalHost.Topic, new SubscriberOptions { WaitForPublisher = Wait, Log = LocalHost.Log });
        var message = Chunks.Message(100, 1);
        foreach (var (header, body) in Chunks.Of(Exporter, 1, message, 1000))
            await nats.PublishAsync(subjects.DataSubject(LocalHost.Topic), Chunks.Wire(header, body));
        using (var sample = subscriber.Receive(Wait)!)
            Assert.Equal(message, sample.Span.ToArray());
        int answeredBefore = Volatile.Read(ref answeredWithAnnouncement);

        // Two checks answered with the announcement: the stream goes on.
        await Until(() => Volatile.Read(ref answeredWithAnnouncement) >= answeredBefore + 2);
        Assert.False(subscriber.TryReceive(out _));
        Assert.True(bridge.GetStats()[LocalHost.Topic].LocalPublisher);

        // The publisher went, and its end of stream was lost on the way: no chunk says so.
        following.SetResult();

        Assert.Null(subscriber.Receive(Wait));
        Assert.False(bridge.GetStats()[LocalHost.Topic].LocalPublisher);
        lock (LocalHost.Messages)
            Assert.Contains(LocalHost.Messages, line => line.Contains("follows no publisher any more", StringComparison.Ordinal));
        await nats.DisposeAsync();
        await answering;
    }

    [Fact]
    public async Task An_exporter_answers_empty_while_it_follows_no_publisher_and_with_its_announcement_while_it_does()
    {
        var subjects = new SubjectMapping("answers");
        await using var bridge = await Bridge.StartAsync(new BridgeOptions { NatsUrl = Server.Url, Prefix = subjects.Prefix, Export = [LocalHost.Topic], Log = LocalHost.Log });
        await using var nats = new NatsConnection(new NatsOpts { Url = Server.Url });
        string subject = subjects.AnnouncementSubject(LocalHost.Topic);

        Assert.Empty((await Ask(nats, subject))!);

        var contract = new TopicContract("test.Bytes", 42, new byte[] { 7 });
        using (var publisher = Publisher.Create(LocalHost.Topic, contract, new PublisherOptions { Log = LocalHost.Log }))
        {
            Assert.True(publisher.WaitForSubscribers(1, Wait));
            byte[]? answer = null;
            await Until(async () => (answer = await Ask(nats, subject)) is { Length: > 0 });
            var announced = Announcement.TryParse(answer, out var problem);
            Assert.True(announced is not null, problem);
            Assert.Equal((contract.MessageType, contract.Fingerprint), (announced.Contract.MessageType, announced.Contract.Fingerprint));
        }

        // Once the publisher is gone and the exporter has sent its end of stream, the answer is empty again.
        await Until(async () => await Ask(nats, subject) is { Length: 0 });
    }

    /// <summary>The exporter's answer; null when none came (it does not answer while an end of stream is still queued).</summary>
    private static async Task<byte[]?> Ask(NatsConnection nats, string subject)
    {
        try
        {
            return (await nats.RequestAsync<byte[], byte[]>(subject, [], replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(1) })).Data ?? [];
        }
        catch (NatsNoReplyException)
        {
            return null;
        }
    }

    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));

    private static async Task Until(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!await condition())
        {
            timeout.Token.ThrowIfCancellationRequested();
            await Task.Delay(10);
        }
    }
}
