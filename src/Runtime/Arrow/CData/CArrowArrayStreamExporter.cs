namespace Quiver.Arrow.CData;

/// <summary>
/// Exports a sequence of record batches as a <see cref="CArrowArrayStream"/>. The batches are
/// enumerated lazily, one per <c>get_next</c>; each is exported zero-copy and disposed when its
/// consumer releases it (release of the stream does not affect batches already handed out).
/// A batch whose schema differs from the stream's, or an exception from the enumeration, makes
/// <c>get_next</c> return an errno (EINVAL, ENOMEM or EIO) with the reason in <c>get_last_error</c>.
/// Releasing the stream disposes the enumerator.
/// </summary>
public static unsafe class CArrowArrayStreamExporter
{
    public static void ExportStream(Schema schema, IEnumerable<RecordBatch> batches, CArrowArrayStream* output)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(batches);
        if (output == null)
            throw new ArgumentNullException(nameof(output));
        ExportedStream.Export(schema, batches, output);
    }
}
