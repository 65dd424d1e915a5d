using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.CData;

namespace Quiver.DuckDb;

/// <summary>
/// A query result as DuckDB exports it through its current Arrow C API: one ArrowSchema and one
/// ArrowArray (a struct array of the columns) per data chunk, in native memory owned here. A
/// consumer that imports a struct moves it out (its release becomes null); Dispose releases
/// whatever was not moved, then frees the memory.
/// </summary>
public sealed unsafe class DuckDbArrowExport : IDisposable
{
    private readonly List<nint> _batches = [];

    public CArrowSchema* Schema { get; } = (CArrowSchema*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowSchema));

    public IReadOnlyList<nint> Batches => _batches;

    public CArrowArray* Batch(int index) => (CArrowArray*)_batches[index];

    /// <summary>
    /// Moves the schema and every batch into Quiver record batches that read DuckDB's buffers in
    /// place; DuckDB's release runs when each batch is disposed, so they may outlive this export.
    /// </summary>
    public (Schema Schema, List<RecordBatch> Batches) Import()
    {
        var schema = CArrowSchemaImporter.ImportSchema(Schema);
        var batches = new List<RecordBatch>();
        try
        {
            foreach (var batch in _batches)
                batches.Add(CArrowArrayImporter.ImportRecordBatch((CArrowArray*)batch, schema));
            return (schema, batches);
        }
        catch
        {
            batches.ForEach(b => b.Dispose());
            throw;
        }
    }

    internal CArrowArray* AddBatch()
    {
        var array = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        _batches.Add((nint)array);
        return array;
    }

    public void Dispose()
    {
        foreach (var batch in _batches)
        {
            var array = (CArrowArray*)batch;
            if (array->release != null)
                array->release(array);
            NativeMemory.Free(array);
        }
        _batches.Clear();
        if (Schema->release != null)
            Schema->release(Schema);
        NativeMemory.Free(Schema);
    }
}
