using Quiver.Arrow;
using Quiver.Arrow.Builders;

namespace Quiver.Messages;

/// <summary>
/// The one-copy send path: a plain <c>M.Value</c> (or a list of them) becomes a record batch in a
/// target region. Sizes are planned from the values, then the values are written once.
/// </summary>
public static class MessageValueExtensions
{
    /// <summary>The layout of a one-row batch holding <paramref name="value"/>.</summary>
    public static RecordBatchLayout PlanLayout<T>(this IMessageValue<T> value) where T : IMessage<T> => PlanLayout<T>([value]);

    /// <summary>The layout of a batch with one row per value.</summary>
    public static RecordBatchLayout PlanLayout<T>(this IReadOnlyList<IMessageValue<T>> rows) where T : IMessage<T>
    {
        var sizes = new MessageSizes(T.Schema, rows.Count);
        foreach (var row in rows)
            T.DeclareSizes(sizes, 0, row ?? throw new ArgumentException("A row is null.", nameof(rows)));
        return sizes.Plan();
    }

    /// <summary>Writes <paramref name="value"/> as a one-row batch into <paramref name="target"/> (at least <c>PlanLayout().BodyLength</c> bytes).</summary>
    public static FinishedRecordBatch WriteTo<T>(this IMessageValue<T> value, Memory<byte> target) where T : IMessage<T> =>
        WriteTo<T>([value], target);

    /// <summary>Writes one row per value into <paramref name="target"/>; plan it with <see cref="PlanLayout{T}(IReadOnlyList{IMessageValue{T}})"/>.</summary>
    public static FinishedRecordBatch WriteTo<T>(this IReadOnlyList<IMessageValue<T>> rows, Memory<byte> target) where T : IMessage<T> =>
        Write(rows, new RecordBatchWriter(rows.PlanLayout(), target));

    /// <summary>A batch holding <paramref name="value"/> in newly allocated, 64-byte aligned managed memory.</summary>
    public static MessageBatch<T> ToBatch<T>(this IMessageValue<T> value) where T : IMessage<T> => ToBatch<T>([value]);

    /// <summary>A batch with one row per value, in newly allocated, 64-byte aligned managed memory.</summary>
    public static MessageBatch<T> ToBatch<T>(this IReadOnlyList<IMessageValue<T>> rows) where T : IMessage<T> =>
        new(Write(rows, RecordBatchWriter.Allocate(rows.PlanLayout())).Batch);

    private static FinishedRecordBatch Write<T>(IReadOnlyList<IMessageValue<T>> rows, RecordBatchWriter writer) where T : IMessage<T>
    {
        foreach (var row in rows)
            T.AppendMembers(writer.Columns, row);
        return writer.Finish();
    }
}
