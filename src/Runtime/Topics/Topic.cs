using Quiver.Messages;
using Quiver.Transport;

namespace Quiver;

/// <summary>
/// The typed entry points: a topic carries messages of one generated type <c>T</c>, each sample
/// one Arrow IPC record batch message of <c>T.Schema</c> written in place in shared memory.
/// </summary>
public static class Topic
{
    /// <summary>Starts publishing <typeparamref name="T"/> on <paramref name="topic"/> (see <see cref="Transport.Publisher.Create"/>).</summary>
    public static Publisher<T> Publish<T>(string topic, PublisherOptions? options = null) where T : IMessage<T> =>
        new(Transport.Publisher.Create(topic, ContractOf<T>(), options));

    /// <summary>
    /// Subscribes to <paramref name="topic"/>, whose publisher must carry <typeparamref name="T"/>
    /// (same fingerprint); otherwise <see cref="TopicUnavailableException"/> names both message types.
    /// </summary>
    public static Subscriber<T> Subscribe<T>(string topic, SubscriberOptions? options = null) where T : IMessage<T> =>
        new(Transport.Subscriber.Connect(topic, ContractOf<T>(), options), options?.Log);

    /// <summary>
    /// Subscribes to <paramref name="topic"/> whatever message type it carries, without a generated
    /// type: each sample arrives as a record batch of the publisher's schema. C# and Python
    /// publishers accept such a subscriber; a publisher whose announced schema is not Arrow, or
    /// one that does not know the capability, is refused with a <see cref="TopicUnavailableException"/>.
    /// </summary>
    public static UntypedSubscriber SubscribeUntyped(string topic, SubscriberOptions? options = null) =>
        UntypedSubscriber.Connect(topic, options);

    /// <summary>What both sides declare in the handshake for <typeparamref name="T"/>.</summary>
    public static TopicContract ContractOf<T>() where T : IMessage<T> => Contracts<T>.Value;

    /// <summary>The generator's 16-hex-digit fingerprint as the number the handshake carries.</summary>
    public static ulong ParseFingerprint(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (fingerprint.Length != 16 || !ulong.TryParse(fingerprint, System.Globalization.NumberStyles.AllowHexSpecifier, null, out ulong value))
            throw new ArgumentException($"'{fingerprint}' is not a fingerprint of 16 hex digits.", nameof(fingerprint));
        return value;
    }

    // The schema message is written once per type, not once per publisher or subscriber.
    private static class Contracts<T> where T : IMessage<T>
    {
        public static readonly TopicContract Value = new(
            T.MessageTypeName, ParseFingerprint(T.Fingerprint), Arrow.Ipc.IpcMessageWriter.WriteSchema(T.Schema));
    }
}
