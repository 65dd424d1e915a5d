using Quiver.Arrow;
using Quiver.Arrow.Types;

namespace Quiver.Interop.ApacheArrow;

/// <summary>
/// Whether a batch built elsewhere can be sent as a given schema's message: the same fields in the
/// same order, with the same names (struct members too; a list's item and a map's entries, key
/// and value are named by convention only) and types. Two types with the same
/// memory layout (int32 and uint32, two timestamp units) are told apart here, because the data
/// itself cannot show the difference. A nullable field may fill a non-nullable one; its data is
/// then checked to hold no null. Metadata is not compared: the sent batch carries the target's.
/// </summary>
internal static class SchemaMatch
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that differs.</summary>
    public static void Require(Schema expected, string expectedName, Schema actual, string parameterName)
    {
        if (actual.Fields.Count != expected.Fields.Count)
        {
            throw new ArgumentException(
                $"The batch has {actual.Fields.Count} columns ({Names(actual.Fields)}); {expectedName} has {expected.Fields.Count} ({Names(expected.Fields)}).",
                parameterName);
        }
        for (var i = 0; i < expected.Fields.Count; i++)
        {
            if (Difference(expected.Fields[i], actual.Fields[i], path: "") is { } difference)
                throw new ArgumentException($"The batch does not match {expectedName}: {difference}", parameterName);
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> if a non-nullable field of <paramref name="expected"/>
    /// holds a null in <paramref name="batch"/>. Only fields whose ancestors are all non-nullable
    /// are looked at: under a null struct or list, a member's slots mean nothing.
    /// </summary>
    public static void RequireNoNulls(Schema expected, string expectedName, RecordBatch batch, string parameterName)
    {
        for (var i = 0; i < expected.Fields.Count; i++)
        {
            if (NullInNonNullable(expected.Fields[i], batch.Column(i).Data, path: "") is { } field)
                throw new ArgumentException($"The batch does not match {expectedName}: field '{field}' is not nullable there, and the batch holds a null in it.", parameterName);
        }
    }

    private static string? NullInNonNullable(Field field, ArrayData data, string path)
    {
        if (field.Nullable)
            return null;
        var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
        if (data.NullCount != 0)
            return name;
        var children = field.Type.Children;
        for (var i = 0; i < children.Count; i++)
        {
            if (NullInNonNullable(children[i], data.Children[i], name) is { } found)
                return found;
        }
        return null;
    }

    /// <param name="conventionalName">The field's name is a convention only: a list's item ("item", "element"), a map's entries, key and value.</param>
    /// <param name="conventionalMembers">The field is a map's entries, whose members are named by convention too.</param>
    private static string? Difference(Field expected, Field actual, string path, bool conventionalName = false, bool conventionalMembers = false)
    {
        var name = path.Length == 0 ? expected.Name : $"{path}.{expected.Name}";
        if (!conventionalName && actual.Name != expected.Name)
            return $"field '{name}' is named '{actual.Name}' in the batch.";
        if (actual.Type.Id != expected.Type.Id || expected.Type.Children.Count == 0 && !actual.Type.Equals(expected.Type))
            return $"field '{name}' is {actual.Type} in the batch, {expected.Type} in the schema.";
        if (expected.Type is FixedSizeListType fixedSize && ((FixedSizeListType)actual.Type).ListSize != fixedSize.ListSize)
            return $"field '{name}' is {actual.Type} in the batch, {expected.Type} in the schema.";
        var children = expected.Type.Children;
        var actualChildren = actual.Type.Children;
        if (actualChildren.Count != children.Count)
            return $"field '{name}' has {actualChildren.Count} members in the batch ({Names(actualChildren)}), {children.Count} in the schema ({Names(children)}).";
        var byConvention = expected.Type is not StructType || conventionalMembers;
        for (var i = 0; i < children.Count; i++)
        {
            if (Difference(children[i], actualChildren[i], name, byConvention, conventionalMembers: expected.Type is MapType) is { } difference)
                return difference;
        }
        return null;
    }

    private static string Names(IReadOnlyList<Field> fields) => string.Join(", ", fields.Select(f => f.Name));
}
