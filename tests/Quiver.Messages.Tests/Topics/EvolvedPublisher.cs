using Quiver.Arrow.Ipc;
using Quiver.Transport;

namespace Quiver.Messages.Tests.Topics;

/// <summary>
/// A raw publisher that announces message type <paramref name="claimedType"/> with the schema and
/// fingerprint of <typeparamref name="T"/> and sends batches written by <typeparamref name="T"/>:
/// another version of a message, as a publisher built from a later schema would be.
/// </summary>
internal sealed class EvolvedPublisher<T>(TopicFixture fixture, string claimedType) : IDisposable where T : IMessage<T>
{
    public Publisher Transport { get; } = Publisher.Create(fixture.Topic,
        new TopicContract(claimedType, Topic.ParseFingerprint(T.Fingerprint), IpcMessageWriter.WriteSchema(T.Schema)),
        new PublisherOptions { Log = fixture.Log, HeldWarningAfter = Timeout.InfiniteTimeSpan });

    public ulong Send(IMessageValue<T> value)
    {
        using var batch = value.ToBatch();
        return Transport.Publish(IpcMessageWriter.WriteRecordBatch(batch.RecordBatch));
    }

    public void Dispose() => Transport.Dispose();
}
