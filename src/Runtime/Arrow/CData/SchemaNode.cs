using Quiver.Arrow.Types;

namespace Quiver.Arrow.CData;

/// <summary>
/// A managed description of one <see cref="CArrowSchema"/> to export, with the schema of its
/// dictionary's values when the field is dictionary-encoded. Everything that can fail (an
/// unsupported type, oversized metadata) fails while building these, before any native memory exists.
/// </summary>
internal sealed record SchemaNode(string Format, string Name, long Flags, byte[]? Metadata, SchemaNode[] Children, SchemaNode? Dictionary = null)
{
    public static SchemaNode ForSchema(Schema schema) =>
        new("+s", "", 0, CDataMetadata.Encode(schema.Metadata), schema.Fields.Select(ForField).ToArray());

    public static SchemaNode ForField(Field field) =>
        new(CDataFormat.Of(field.Type), field.Name, FlagsOf(field.Type, field.Nullable),
            CDataMetadata.Encode(field.Metadata), ChildrenOf(field.Type), DictionaryOf(field.Type));

    /// <summary>A bare type has no nullability constraint of its own, so it is exported as nullable.</summary>
    public static SchemaNode ForType(ArrowType type) =>
        new(CDataFormat.Of(type), "", FlagsOf(type, nullable: true), null, ChildrenOf(type), DictionaryOf(type));

    private static long FlagsOf(ArrowType type, bool nullable) =>
        (nullable ? CArrowSchema.ARROW_FLAG_NULLABLE : 0)
        | (type is DictionaryType { Ordered: true } ? CArrowSchema.ARROW_FLAG_DICTIONARY_ORDERED : 0)
        | (type is MapType { KeysSorted: true } ? CArrowSchema.ARROW_FLAG_MAP_KEYS_SORTED : 0);

    // A dictionary-encoded field's struct describes the indices; its children are the values' and live under the dictionary schema.
    private static SchemaNode[] ChildrenOf(ArrowType type) => type is DictionaryType ? [] : type.Children.Select(ForField).ToArray();

    private static SchemaNode? DictionaryOf(ArrowType type) => type is DictionaryType dictionary ? ForType(dictionary.ValueType) : null;
}
