using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Types;

namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// Compares a Quiver <see cref="RecordBatch"/> with the expected slots of an integration JSON
/// batch: row count, column types, null counts, and every slot (validity everywhere; the value of
/// every valid slot, recursively through lists and structs).
/// </summary>
internal static class BatchComparer
{
    /// <summary>Null when the batch matches; otherwise where the first difference is (column, row, path) and what it is.</summary>
    public static string? FindDifference(ExpectedBatch expected, RecordBatch actual)
    {
        if (actual.Length != expected.Count)
            return $"expected {expected.Count} rows, actual {actual.Length}";
        if (actual.Columns.Count != expected.Columns.Count)
            return $"expected {expected.Columns.Count} columns, actual {actual.Columns.Count}";
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            var difference = ColumnDifference(expected.Columns[c], actual.Column(c));
            if (difference is not null)
                return difference;
        }
        return null;
    }

    private static string? ColumnDifference(ExpectedColumn expected, ArrowArray actual)
    {
        var name = expected.Field.Name;
        if (!actual.Type.Equals(expected.Field.Type))
            return $"column '{name}': expected type {expected.Field.Type}, actual {actual.Type}";
        if (actual.Length != expected.Slots.Count)
            return $"column '{name}': expected {expected.Slots.Count} slots, actual {actual.Length}";
        var expectedNulls = expected.Slots.Count(s => s is null);
        if (actual.NullCount != expectedNulls)
            return $"column '{name}': expected {expectedNulls} nulls, the array reports {actual.NullCount}";
        for (var row = 0; row < expected.Slots.Count; row++)
        {
            var path = $"{name}[{row}]";
            SlotValue? actualSlot;
            try
            {
                actualSlot = ArraySlots.Read(actual, row);
            }
            catch (Exception e) when (e is ArrowFormatException or ArgumentException or InvalidOperationException)
            {
                return $"column '{name}' row {row} ({path}): reading the slot threw {e.GetType().Name}: {e.Message}";
            }
            var difference = SlotDifference(expected.Field.Type, expected.Slots[row], actualSlot, path);
            if (difference is not null)
                return $"column '{name}' row {row} {difference}";
        }
        return null;
    }

    /// <summary>Null when equal, else "(path): expected X, actual Y" for the first differing slot.</summary>
    public static string? SlotDifference(ArrowType type, SlotValue? expected, SlotValue? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (ListValue e, ListValue a):
                if (e.Items.Count != a.Items.Count)
                    return Mismatch(path, expected, actual);
                var itemType = type.Children[0].Type;
                for (var k = 0; k < e.Items.Count; k++)
                {
                    var difference = SlotDifference(itemType, e.Items[k], a.Items[k], $"{path}[{k}]");
                    if (difference is not null)
                        return difference;
                }
                return null;
            case (StructValue e, StructValue a):
                var fields = type.Children;
                if (e.Members.Count != fields.Count || a.Members.Count != fields.Count)
                    return Mismatch(path, expected, actual);
                for (var j = 0; j < fields.Count; j++)
                {
                    var difference = SlotDifference(fields[j].Type, e.Members[j], a.Members[j], $"{path}.{fields[j].Name}");
                    if (difference is not null)
                        return difference;
                }
                return null;
            case (DictionaryEntryValue e, DictionaryEntryValue a):
                if (e.Index != a.Index)
                    return Mismatch(path, expected, actual);
                return SlotDifference(((DictionaryType)type).ValueType, e.Value, a.Value, $"{path}->dictionary[{e.Index}]");
            case (BytesValue e, BytesValue a):
                return e.Value.AsSpan().SequenceEqual(a.Value) ? null : Mismatch(path, expected, actual);
            case (FloatValue e, FloatValue a):
                return e.SameAs(a) ? null : Mismatch(path, expected, actual);
            default:
                return Equals(expected, actual) ? null : Mismatch(path, expected, actual);
        }
    }

    private static string Mismatch(string path, SlotValue? expected, SlotValue? actual) =>
        $"({path}): expected {SlotValue.Describe(expected)}, actual {SlotValue.Describe(actual)}";
}
