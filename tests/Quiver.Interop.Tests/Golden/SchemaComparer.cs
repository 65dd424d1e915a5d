using Quiver.Arrow;
using Quiver.Arrow.Types;

namespace Quiver.Interop.Tests.Golden;

/// <summary>Finds the first difference between two schemas and says where it is (field path) and what it is.</summary>
internal static class SchemaComparer
{
    /// <summary>Null when the schemas are equal; otherwise a description of the first difference.</summary>
    public static string? FindDifference(Schema expected, Schema actual)
    {
        var difference = FieldsDifference(expected.Fields, actual.Fields, "schema")
            ?? MetadataDifference(expected.Metadata, actual.Metadata, "schema");
        // Itemized checks above must agree with the types' own equality; a gap in them must not let a difference pass.
        if (difference is null && !expected.Equals(actual))
            return $"schemas differ but no field-level difference was found: expected{Environment.NewLine}{expected}{Environment.NewLine}actual{Environment.NewLine}{actual}";
        return difference;
    }

    private static string? FieldsDifference(IReadOnlyList<Field> expected, IReadOnlyList<Field> actual, string path)
    {
        if (expected.Count != actual.Count)
            return $"{path}: expected {expected.Count} fields ({Names(expected)}), actual {actual.Count} ({Names(actual)})";
        for (var i = 0; i < expected.Count; i++)
        {
            var difference = FieldDifference(expected[i], actual[i], $"{path}.{expected[i].Name}");
            if (difference is not null)
                return difference;
        }
        return null;
    }

    private static string? FieldDifference(Field expected, Field actual, string path)
    {
        if (expected.Name != actual.Name)
            return $"{path}: expected name '{expected.Name}', actual '{actual.Name}'";
        if (expected.Nullable != actual.Nullable)
            return $"{path}: expected nullable={expected.Nullable}, actual nullable={actual.Nullable}";
        if (!SameTypeIgnoringChildren(expected.Type, actual.Type))
            return $"{path}: expected type {expected.Type}, actual {actual.Type}";
        return FieldsDifference(expected.Type.Children, actual.Type.Children, path)
            ?? MetadataDifference(expected.Metadata, actual.Metadata, path);
    }

    private static bool SameTypeIgnoringChildren(ArrowType expected, ArrowType actual) => (expected, actual) switch
    {
        (ListType, ListType) or (LargeListType, LargeListType) or (StructType, StructType) => true,
        (FixedSizeListType e, FixedSizeListType a) => e.ListSize == a.ListSize,
        (MapType e, MapType a) => e.KeysSorted == a.KeysSorted,
        _ => expected.Equals(actual),
    };

    private static string? MetadataDifference(KeyValueMetadata expected, KeyValueMetadata actual, string path) =>
        expected.Equals(actual) ? null : $"{path}: expected custom metadata {expected}, actual {actual}";

    private static string Names(IReadOnlyList<Field> fields) => string.Join(", ", fields.Select(f => f.Name));
}
