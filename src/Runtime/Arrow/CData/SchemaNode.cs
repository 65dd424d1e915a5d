using Quiver.Arrow.Types;

namespace Quiver.Arrow.CData;

/// <summary>
/// A managed description of one <see cref="CArrowSchema"/> to export. Everything that can fail
/// (an unsupported type, oversized metadata) fails while building these, before any native memory exists.
/// </summary>
internal sealed record SchemaNode(string Format, string Name, long Flags, byte[]? Metadata, SchemaNode[] Children)
{
    public static SchemaNode ForSchema(Schema schema) =>
        new("+s", "", 0, CDataMetadata.Encode(schema.Metadata), schema.Fields.Select(ForField).ToArray());

    public static SchemaNode ForField(Field field) =>
        new(CDataFormat.Of(field.Type), field.Name, field.Nullable ? CArrowSchema.ARROW_FLAG_NULLABLE : 0,
            CDataMetadata.Encode(field.Metadata), ChildrenOf(field.Type));

    /// <summary>A bare type has no nullability constraint of its own, so it is exported as nullable.</summary>
    public static SchemaNode ForType(ArrowType type) =>
        new(CDataFormat.Of(type), "", CArrowSchema.ARROW_FLAG_NULLABLE, null, ChildrenOf(type));

    private static SchemaNode[] ChildrenOf(ArrowType type) => type.Children.Select(ForField).ToArray();
}
