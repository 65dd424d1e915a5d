using Quiver.Arrow.CData;

namespace Quiver.Messages;

/// <summary>Typed messages through the Arrow C Data Interface (docs/cdata.md), zero copy both ways.</summary>
public static unsafe class MessageCData
{
    /// <summary>Exports <typeparamref name="T"/>'s schema (with its <c>quiver.*</c> metadata) into <paramref name="output"/>.</summary>
    public static void ExportSchema<T>(CArrowSchema* output) where T : IMessage<T> =>
        CArrowSchemaExporter.ExportSchema(T.Schema, output);

    /// <summary>
    /// Exports <paramref name="batch"/> into <paramref name="output"/> without copying. The
    /// batch's memory must stay valid until the consumer calls release, which disposes
    /// <paramref name="onReleased"/> (pass the batch itself to hand it over).
    /// </summary>
    public static void ExportBatch<T>(MessageBatch<T> batch, CArrowArray* output, IDisposable? onReleased = null) where T : IMessage<T> =>
        CArrowArrayExporter.ExportRecordBatch(batch.RecordBatch, output, onReleased);

    /// <summary>
    /// Imports a struct array exported by another library as a batch of <typeparamref name="T"/>:
    /// validated against <typeparamref name="T"/>'s schema, zero copy. Disposing the batch calls the producer's release.
    /// </summary>
    public static MessageBatch<T> ImportBatch<T>(CArrowArray* input) where T : IMessage<T>
    {
        var batch = CArrowArrayImporter.ImportRecordBatch(input, T.Schema);
        try
        {
            return new MessageBatch<T>(batch);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }
}
