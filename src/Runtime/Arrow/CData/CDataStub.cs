namespace Quiver.Arrow.CData;

// Throwaway stand-in for the C Data Interface API while it is written on another branch; deleted before merge.
public unsafe struct CArrowSchema
{
    public byte* format;
    public byte* name;
    public byte* metadata;
    public long flags;
    public long n_children;
    public CArrowSchema** children;
    public CArrowSchema* dictionary;
    public delegate* unmanaged<CArrowSchema*, void> release;
    public void* private_data;
}

public unsafe struct CArrowArray
{
    public long length;
    public long null_count;
    public long offset;
    public long n_buffers;
    public long n_children;
    public byte** buffers;
    public CArrowArray** children;
    public CArrowArray* dictionary;
    public delegate* unmanaged<CArrowArray*, void> release;
    public void* private_data;
}

public unsafe struct CArrowArrayStream
{
    public delegate* unmanaged<CArrowArrayStream*, CArrowSchema*, int> get_schema;
    public delegate* unmanaged<CArrowArrayStream*, CArrowArray*, int> get_next;
    public delegate* unmanaged<CArrowArrayStream*, byte*> get_last_error;
    public delegate* unmanaged<CArrowArrayStream*, void> release;
    public void* private_data;
}

public static unsafe class CArrowSchemaExporter
{
    public static void ExportSchema(Schema schema, CArrowSchema* output) => throw new NotImplementedException($"stub {schema} {(nint)output}");
}

public static unsafe class CArrowSchemaImporter
{
    public static Schema ImportSchema(CArrowSchema* input) => throw new NotImplementedException($"stub {(nint)input}");
}

public static unsafe class CArrowArrayExporter
{
    public static void ExportRecordBatch(RecordBatch batch, CArrowArray* output, IDisposable? onReleased = null) =>
        throw new NotImplementedException($"stub {batch} {(nint)output} {onReleased}");
}

public static unsafe class CArrowArrayImporter
{
    public static RecordBatch ImportRecordBatch(CArrowArray* input, Schema schema) => throw new NotImplementedException($"stub {(nint)input} {schema}");
}

public static unsafe class CArrowArrayStreamExporter
{
    public static void ExportStream(Schema schema, IEnumerable<RecordBatch> batches, CArrowArrayStream* output) =>
        throw new NotImplementedException($"stub {schema} {batches} {(nint)output}");
}

public static unsafe class CArrowArrayStreamImporter
{
    public static ImportedArrayStream ImportStream(CArrowArrayStream* input) => throw new NotImplementedException($"stub {(nint)input}");
}

public sealed class ImportedArrayStream : IDisposable
{
    public Schema Schema => throw new NotImplementedException();

    public RecordBatch? ReadNext() => throw new NotImplementedException();

    public void Dispose() { }
}
