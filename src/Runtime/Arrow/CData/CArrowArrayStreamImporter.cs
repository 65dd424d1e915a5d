using System.Runtime.InteropServices;

namespace Quiver.Arrow.CData;

/// <summary>
/// Imports a <see cref="CArrowArrayStream"/> from any producer. The struct is moved (the caller's
/// copy is left marked released) and its schema is read right away. If that fails, the stream is
/// released before the <see cref="ArrowFormatException"/> leaves; otherwise the returned
/// <see cref="ImportedArrayStream"/> owns it.
/// </summary>
public static unsafe class CArrowArrayStreamImporter
{
    public static ImportedArrayStream ImportStream(CArrowArrayStream* stream)
    {
        if (stream == null)
            throw new ArgumentNullException(nameof(stream));
        if (stream->release == null)
            throw new ArrowFormatException("The ArrowArrayStream is already released (its release callback is null).");
        var moved = (CArrowArrayStream*)NativeMemory.Alloc((nuint)sizeof(CArrowArrayStream));
        *moved = *stream;
        stream->release = null;
        try
        {
            if (moved->get_schema == null || moved->get_next == null || moved->get_last_error == null)
                throw new ArrowFormatException("Invalid ArrowArrayStream: get_schema, get_next and get_last_error must all be set.");
            var schema = default(CArrowSchema);
            var code = moved->get_schema(moved, &schema);
            if (code != 0)
                throw new ArrowFormatException(ImportedArrayStream.Describe(moved, "get_schema", code));
            return new ImportedArrayStream(moved, CArrowSchemaImporter.ImportSchema(&schema));
        }
        catch
        {
            moved->release(moved);
            NativeMemory.Free(moved);
            throw;
        }
    }
}
