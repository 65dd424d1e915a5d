using Quiver.Arrow.Types;

namespace Quiver.Arrow.CData;

/// <summary>
/// Exports schemas, fields and types as <see cref="CArrowSchema"/> structs. The consumer owns the
/// struct it passed in and must call its <c>release</c> once; that frees everything Quiver allocated.
/// Children may be moved out and released separately, as the spec allows.
/// </summary>
public static unsafe class CArrowSchemaExporter
{
    /// <summary>
    /// A record batch schema as the spec describes it: a struct type (<c>+s</c>) whose children
    /// are the fields, with the schema-level metadata on the struct.
    /// </summary>
    public static void ExportSchema(Schema schema, CArrowSchema* output)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Write(SchemaNode.ForSchema(schema), output);
    }

    /// <summary>One field: its type's format, name, nullability flag and metadata.</summary>
    public static void ExportField(Field field, CArrowSchema* output)
    {
        ArgumentNullException.ThrowIfNull(field);
        Write(SchemaNode.ForField(field), output);
    }

    /// <summary>A type alone: empty name, no metadata, nullable.</summary>
    public static void ExportType(ArrowType type, CArrowSchema* output)
    {
        ArgumentNullException.ThrowIfNull(type);
        Write(SchemaNode.ForType(type), output);
    }

    private static void Write(SchemaNode node, CArrowSchema* output)
    {
        if (output == null)
            throw new ArgumentNullException(nameof(output));
        ExportedSchemaNode.Write(node, output);
    }
}
