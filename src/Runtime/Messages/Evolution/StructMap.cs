using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;

namespace Quiver.Messages;

/// <summary>
/// Where a subscriber's fields of one message (or nested message) are among the publisher's:
/// field <c>i</c> is the publisher's column <see cref="SourceOf"/>(i), or missing (-1), when it
/// reads from an all-null column of the subscriber's own type. Missing fields are nullable (the
/// comparison refuses anything else), so the generated view's validity check finds every slot
/// null and reads nothing else. Shared by every batch of one connection.
/// </summary>
internal sealed class StructMap
{
    private readonly int[] _sources;
    private readonly Field[] _fields;

    /// <summary>Per missing field, the longest all-null array made so far; immutable once made, so shared by threads.</summary>
    private readonly ArrowArray?[] _nulls;

    public StructMap(int[] sources, IReadOnlyList<Field> subscriberFields)
    {
        _sources = sources;
        _fields = subscriberFields.ToArray();
        _nulls = new ArrowArray?[sources.Length];
    }

    public int SourceOf(int index) => _sources[index];

    /// <summary>
    /// An all-null array of field <paramref name="index"/>'s type with at least
    /// <paramref name="length"/> slots. Made again only when a longer one is needed, with room to
    /// spare, so a steady stream reads missing fields without allocating.
    /// </summary>
    public ArrowArray NullColumn(int index, int length)
    {
        var made = Volatile.Read(ref _nulls[index]);
        if (made is not null && made.Length >= length)
            return made;
        // Two readers racing here both make a valid array; either may stay.
        var longer = AllNull(_fields[index], Math.Max(length, (made?.Length ?? 0) * 2));
        Volatile.Write(ref _nulls[index], longer);
        return longer;
    }

    private static ArrowArray AllNull(Field field, int length)
    {
        var writer = RecordBatchWriter.Allocate(new RecordBatchSizes(new Schema([field]), length).Plan());
        var column = writer.Column(0);
        for (var row = 0; row < length; row++)
            column.AppendNull();
        return writer.Finish().Batch.Column(0);
    }
}
