using Quiver.Arrow.Ipc;
using Quiver.Messages;

namespace Quiver.Interop.ApacheArrow;

/// <summary>
/// The bridge between Quiver and the Apache.Arrow package (docs/apache-arrow.md). Received
/// samples become Apache.Arrow record batches over the same shared memory, without a copy; an
/// Apache.Arrow record batch is sent on a topic with one copy into the loaned sample.
/// <para>
/// Both libraries name their types <c>Schema</c>, <c>Field</c> and <c>RecordBatch</c>. This class
/// lives in a namespace of its own so a file can use it without importing <c>Quiver.Arrow</c>;
/// a file that needs both libraries' types names one of them through an alias
/// (<c>using ApacheBatch = Apache.Arrow.RecordBatch;</c>).
/// </para>
/// </summary>
public static class ApacheArrowExtensions
{
    /// <summary>
    /// The sample's messages as an Apache.Arrow batch whose buffers are the sample's shared memory
    /// (zero copy). The sample stays held until the Apache.Arrow batch and every clone, slice or
    /// buffer retained from it are disposed or collected, even if <paramref name="messages"/> is
    /// disposed first; then its drop token goes back to the publisher.
    /// </summary>
    public static Apache.Arrow.RecordBatch ToApacheArrow<T>(this ReceivedMessages<T> messages) where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(messages);
        return Share(messages.Batch.RecordBatch, ApacheArrowSchemas.Of<T>(), messages.Retain());
    }

    /// <summary>As <see cref="ToApacheArrow{T}(ReceivedMessages{T})"/>, for a sample of a topic read without a generated type.</summary>
    public static Apache.Arrow.RecordBatch ToApacheArrow(this ReceivedBatch received)
    {
        ArgumentNullException.ThrowIfNull(received);
        return Share(received.Batch, ApacheArrowSchemas.ToApache(received.Batch.Schema), received.Retain());
    }

    /// <summary>The message type's schema as Apache.Arrow's, with Quiver's metadata (<c>quiver.message</c>, <c>quiver.fingerprint</c>, <c>quiver.enum</c>).</summary>
    public static Apache.Arrow.Schema ApacheArrowSchema<T>(this Publisher<T> publisher) where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(publisher);
        return ApacheArrowSchemas.Of<T>();
    }

    /// <summary>Quiver's schema as Apache.Arrow's (names, types, nullability and metadata).</summary>
    public static Apache.Arrow.Schema ToApacheArrow(this Arrow.Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return ApacheArrowSchemas.ToApache(schema);
    }

    /// <summary>
    /// Sends the rows of <paramref name="batch"/> as one sample: one copy, into the loaned shared
    /// memory, dictionaries as the sample's dictionary batches. Its columns must be <typeparamref name="T"/>'s, in order, with the same names and
    /// types; a difference throws <see cref="ArgumentException"/> naming the field, and nothing is
    /// sent. The batch stays the caller's.
    /// </summary>
    public static ulong Send<T>(this Publisher<T> publisher, Apache.Arrow.RecordBatch batch) where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(publisher);
        return SendAs(publisher.Transport, T.Schema, T.MessageTypeName, batch);
    }

    /// <summary>
    /// Sends <paramref name="batch"/> on a raw topic as one IPC record batch message, copied once
    /// into the loaned sample. The batch must match the schema the topic's contract announces
    /// (<see cref="Transport.TopicContract.Schema"/>); a difference throws <see cref="ArgumentException"/> naming the field.
    /// </summary>
    public static ulong Send(this Transport.Publisher publisher, Apache.Arrow.RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        Arrow.Schema schema;
        try
        {
            schema = IpcMessageReader.ReadSchema(publisher.Hello.Schema);
        }
        catch (Arrow.ArrowFormatException e)
        {
            throw new InvalidOperationException($"Topic '{publisher.Topic}' announces no readable Arrow schema ({e.Message}); an Apache.Arrow batch cannot be checked against it.", e);
        }
        return SendAs(publisher, schema, publisher.Hello.MessageType, batch);
    }

    private static ulong SendAs(Transport.Publisher publisher, Arrow.Schema schema, string messageType, Apache.Arrow.RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Arrow.Schema batchSchema;
        try
        {
            batchSchema = ApacheArrowSchemas.FromApache(batch.Schema);
        }
        catch (Arrow.ArrowFormatException e)
        {
            throw new ArgumentException($"The batch cannot be sent as {messageType}: {e.Message}", nameof(batch), e);
        }
        SchemaMatch.Require(schema, messageType, batchSchema, nameof(batch));
        using var imported = ApacheArrowBatches.FromApache(batch, schema);
        SchemaMatch.RequireNoNulls(schema, messageType, imported, nameof(batch));
        return LoanCopy.Send(publisher, imported);
    }

    private static Apache.Arrow.RecordBatch Share(Arrow.RecordBatch batch, Apache.Arrow.Schema schema, IDisposable hold)
    {
        try
        {
            return ApacheArrowBatches.ToApache(batch, schema, hold);
        }
        catch
        {
            // Disposing a hold twice is harmless; if the failed import already released it, this does nothing.
            hold.Dispose();
            throw;
        }
    }
}
