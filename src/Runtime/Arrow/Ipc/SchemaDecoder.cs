using Quiver.Arrow.Ipc.Flatbuffers;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Ipc;

/// <summary>Reads a flatbuffers <c>Schema</c> table into a <see cref="Schema"/>.</summary>
internal static class SchemaDecoder
{
    /// <summary>Fields nested deeper than this are refused; Arrow C++ uses the same bound for its own schemas.</summary>
    public const int MaxNestingDepth = 64;

    public static Schema Decode(FlatBufferTable schema)
    {
        var endianness = schema.GetInt16(SchemaSlots.Endianness, 0);
        if (endianness == 1)
            throw new ArrowNotSupportedException("The schema is big-endian; Quiver reads little-endian Arrow data only.");
        if (endianness != 0)
            throw new ArrowFormatException($"The schema's endianness is {endianness}; Arrow defines 0 (little) and 1 (big).");
        var fields = DecodeFields(schema.GetVector(SchemaSlots.Fields, 4), null, 1);
        var metadata = CustomMetadataCodec.Read(schema.GetVector(SchemaSlots.CustomMetadata, 4), "the schema");
        return new Schema(fields, metadata);
    }

    private static Field[] DecodeFields(FlatBufferVector vector, FieldPath? parent, int depth)
    {
        var fields = new Field[vector.Count];
        for (var i = 0; i < fields.Length; i++)
            fields[i] = DecodeField(vector.GetTable(i), parent, depth);
        return fields;
    }

    private static Field DecodeField(FlatBufferTable field, FieldPath? parent, int depth)
    {
        var name = field.GetString(FieldSlots.Name) ?? "";
        var path = new FieldPath(name, parent);
        if (depth > MaxNestingDepth)
            throw new ArrowFormatException($"Field '{path}' is nested {depth} levels deep; Quiver reads at most {MaxNestingDepth}.");
        var tag = (TypeTag)field.GetUInt8(FieldSlots.TypeType, 0);
        if (tag == TypeTag.None)
            throw new ArrowFormatException($"Field '{path}' has no type.");
        if (!field.TryGetUnion(FieldSlots.Type, out var type))
            throw new ArrowFormatException($"Field '{path}' has type tag {tag} but no type table.");
        if (field.TryGetTable(FieldSlots.Dictionary, out var dictionary))
            throw new ArrowNotSupportedException(
                $"Field '{path}' is dictionary-encoded ({ArrowTypeDecoder.Describe(tag, type)} values, {DescribeIndexType(dictionary)} indices), which Quiver does not support.");
        ArrowTypeDecoder.RefuseUnsupported(tag, type, path);
        var children = DecodeFields(field.GetVector(FieldSlots.Children, 4), path, depth + 1);
        var arrowType = ArrowTypeDecoder.Decode(tag, type, children, path);
        var metadata = CustomMetadataCodec.Read(field.GetVector(FieldSlots.CustomMetadata, 4), $"field '{path}'");
        return new Field(name, arrowType, field.GetBool(FieldSlots.Nullable, false), metadata);
    }

    private static string DescribeIndexType(FlatBufferTable dictionary) =>
        dictionary.TryGetTable(DictionaryEncodingSlots.IndexType, out var index)
            ? ArrowTypeDecoder.Describe(TypeTag.Int, index)
            : IntType.Int32.ToString();
}
