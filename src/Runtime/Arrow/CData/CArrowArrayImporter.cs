using Quiver.Arrow.Arrays;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.CData;

/// <summary>
/// Imports <see cref="CArrowArray"/> structs from any producer without copying: the struct is
/// moved (the caller's copy is left marked released), its fields are checked — they are untrusted
/// — and views are made straight over the producer's buffers. The producer's release is called
/// exactly once: when the returned batch or array is disposed, or before the exception leaves
/// if the import fails (a null pointer or an already released struct has nothing to release). Failures are <see cref="ArrowFormatException"/>
/// (<see cref="ArrowNotSupportedException"/> for a dictionary or a type Quiver lacks).
/// </summary>
public static unsafe class CArrowArrayImporter
{
    /// <summary>
    /// A record batch exported as a struct array without top-level nulls, its children the
    /// columns of <paramref name="schema"/>. A non-zero struct offset is applied to the columns.
    /// </summary>
    public static RecordBatch ImportRecordBatch(CArrowArray* array, Schema schema)
    {
        var release = ImportedArrayRelease.Move(array);
        try
        {
            ArgumentNullException.ThrowIfNull(schema);
            var data = ReadAndValidate(release, new StructType(schema.Fields), "batch");
            if (data.NullCount != 0)
                throw new ArrowFormatException($"Invalid ArrowArray at batch: a record batch cannot have top-level nulls, this one has {data.NullCount}.");
            var columns = data.Children.Select(child => ArrowArrayFactory.Create(child.Slice(data.Offset, data.Length)));
            return new RecordBatch(schema, columns, data.Length, release);
        }
        catch
        {
            release.Dispose();
            throw;
        }
    }

    public static ImportedArray ImportArray(CArrowArray* array, ArrowType type)
    {
        var release = ImportedArrayRelease.Move(array);
        try
        {
            ArgumentNullException.ThrowIfNull(type);
            var data = ReadAndValidate(release, type, "array");
            return new ImportedArray(ArrowArrayFactory.Create(data), release);
        }
        catch
        {
            release.Dispose();
            throw;
        }
    }

    private static ArrayData ReadAndValidate(ImportedArrayRelease release, ArrowType type, string path)
    {
        var data = CArrayDataReader.Read(release.Array, type, path);
        ArrayDataValidator.Validate(data);
        return data;
    }
}
