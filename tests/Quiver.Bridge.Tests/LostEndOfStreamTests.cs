using System.Buffers.Binary;
using NATS.Client.Core;
using Quiver.Transport;

namespace Quiver.Bridge.Tests;

/// <summary>
/// Core mode sends an end of stream once; lost in a reconnect, it would leave the importer's local
/// publisher up for good. The importer therefore asks now and then about the exporter id it
/// follows, and the exporter that had that id answers empty once the stream's end went out; other
/// exporters on the same subject do not answer. The first test plays the exporter with a plain
/// NATS client beside a real bridge that refuses to export the imported topic; the second checks a
/// real exporter's answers.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class LostEndOfStreamTests : HostedBridgeTest
{
    private const ulong Exporter = 0x10575;

    [Fact]
    public async Task The_local_stream_stays_while_its_exporter_says_it_runs_and_ends_once_it_says_it_ended()
    {
        var subjects = new SubjectMapping("lostend");
        await using var importer = await Bridge.StartAsync(new BridgeOptions { NatsUrl = Server.Url, Prefix = subjects.Prefix, Import = [LocalHost.Topic], Log = LocalHost.Log });
        await using var nats = new NatsConnection(new NatsOpts { Url = Server.Url });
        var announcement = new Announcement(Exporter, new TopicContract("test.Bytes", 42, new byte[] { 7 })).ToBytes();
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int askedAboutItsStream = 0;
        await using var requests = await nats.SubscribeCoreAsync<byte[]>(subjects.AnnouncementSubject(LocalHost.Topic));
        var answering = Task.Run(async () =>
        {
            await foreach (var request in requests.Msgs.ReadAllAsync())
            {
                if (request.ReplyTo is null)
                    continue;
                if (request.Data is not { Length: sizeof(ulong) } id)
                {
                    await request.ReplyAsync(announcement);
                    continue;
                }
                Assert.Equal(Exporter, BinaryPrimitives.ReadUInt64LittleEndian(id));
                Interlocked.Increment(ref askedAboutItsStream);
                await request.ReplyAsync(ended.Task.IsCompleted ? [] : announcement);
            }
        });
        await nats.PublishAsync(subjects.AnnouncementSubject(LocalHost.Topic), announcement);
        using var subscriber = Subscriber.ConnectToAnyType(LocalHost.Topic, new SubscriberOptions { WaitForPublisher = Wait, Log = LocalHost.Log });
        // Another bridge of this host, told to export the topic, refuses (it is an import) and listens on the same subject.
        await using var bystander = await Bridge.StartAsync(new BridgeOptions { NatsUrl = Server.Url, Prefix = subjects.Prefix, Export = [LocalHost.Topic], Log = LocalHost.Log });
        await Until(() => Logged("would loop"));
        var message = Chunks.Message(100, 1);
        foreach (var (header, body) in Chunks.Of(Exporter, 1, message, 1000))
            await nats.PublishAsync(subjects.DataSubject(LocalHost.Topic), Chunks.Wire(header, body));
        using (var sample = subscriber.Receive(Wait)!)
            Assert.Equal(message, sample.Span.ToArray());

        // Two checks answered "runs": the stream goes on.
        await Until(() => Volatile.Read(ref askedAboutItsStream) >= 2);
        Assert.False(subscriber.TryReceive(out _));
        Assert.True(importer.GetStats()[LocalHost.Topic].LocalPublisher);

        // The publisher went, and its end of stream was lost on the way: no chunk says so.
        ended.SetResult();

        Assert.Null(subscriber.Receive(Wait));
        Assert.False(importer.GetStats()[LocalHost.Topic].LocalPublisher);
        Assert.True(Logged("says its stream ended"));
        await nats.DisposeAsync();
        await answering;
    }

    [Fact]
    public async Task An_exporter_answers_about_its_own_streams_only()
    {
        var subjects = new SubjectMapping("answers");
        await using var bridge = await Bridge.StartAsync(new BridgeOptions { NatsUrl = Server.Url, Prefix = subjects.Prefix, Export = [LocalHost.Topic], Log = LocalHost.Log });
        await using var nats = new NatsConnection(new NatsOpts { Url = Server.Url });
        string subject = subjects.AnnouncementSubject(LocalHost.Topic);
        byte[] unknown = Id(0x5eed);

        Assert.Null(await Ask(nats, subject, []));
        Assert.Null(await Ask(nats, subject, unknown));

        var contract = new TopicContract("test.Bytes", 42, new byte[] { 7 });
        ulong exporterId;
        using (var publisher = Publisher.Create(LocalHost.Topic, contract, new PublisherOptions { Log = LocalHost.Log }))
        {
            Assert.True(publisher.WaitForSubscribers(1, Wait));
            byte[]? answer = null;
            await Until(async () => (answer = await Ask(nats, subject, [])) is not null);
            var announced = Announcement.TryParse(answer, out var problem);
            Assert.True(announced is not null, problem);
            Assert.Equal((contract.MessageType, contract.Fingerprint), (announced.Contract.MessageType, announced.Contract.Fingerprint));
            exporterId = announced.ExporterId;
            Assert.Equal(answer, await Ask(nats, subject, Id(exporterId)));
            Assert.Null(await Ask(nats, subject, unknown));
        }

        // Once the publisher is gone and its end of stream went out, asking about that stream gets an empty answer.
        await Until(async () => await Ask(nats, subject, Id(exporterId)) is { Length: 0 });
        Assert.Null(await Ask(nats, subject, []));
        Assert.Null(await Ask(nats, subject, unknown));
    }

    private bool Logged(string text)
    {
        lock (LocalHost.Messages)
            return LocalHost.Messages.Any(line => line.Contains(text, StringComparison.Ordinal));
    }

    private static byte[] Id(ulong exporterId)
    {
        var id = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(id, exporterId);
        return id;
    }

    /// <summary>The answer to <paramref name="question"/>; null when none came within a second.</summary>
    private static async Task<byte[]?> Ask(NatsConnection nats, string subject, byte[] question)
    {
        try
        {
            return (await nats.RequestAsync<byte[], byte[]>(subject, question, replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(1) })).Data ?? [];
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
