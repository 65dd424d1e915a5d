using Quiver.Arrow.Ipc.Flatbuffers;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Ipc;

/// <summary>Reads a flatbuffers <c>Schema</c> table into a <see cref="Schema"/>.</summary>
internal static class SchemaDecoder
{
    /// <summary>Fields nested deeper than this are refused; Arrow C++ uses the same bound for its own schemas.</summary>
    public const int MaxNestingDepth = 64;

    public static Schema Decode(FlatBufferTable schema) => Decode(schema, null);

    /// <summary>
    /// Decodes the schema and, when <paramref name="dictionaryIds"/> is given, appends the
    /// dictionary id of every dictionary-encoded field to it, in depth-first field order (the
    /// order of <see cref="IpcSchemaLayout.DictionaryFields"/>).
    /// </summary>
    public static Schema Decode(FlatBufferTable schema, List<long>? dictionaryIds)
    {
        var endianness = schema.GetInt16(SchemaSlots.Endianness, 0);
        if (endianness == 1)
            throw new ArrowNotSupportedException("The schema is big-endian; Quiver reads little-endian Arrow data only.");
        if (endianness != 0)
            throw new ArrowFormatException($"The schema's endianness is {endianness}; Arrow defines 0 (little) and 1 (big).");
        var fields = DecodeFields(schema.GetVector(SchemaSlots.Fields, 4), null, 1, new DictionaryContext(dictionaryIds));
        var metadata = CustomMetadataCodec.Read(schema.GetVector(SchemaSlots.CustomMetadata, 4), "the schema");
        return new Schema(fields, metadata);
    }

    /// <summary>Where dictionary ids go, and whether the fields being decoded are inside a dictionary's values (where Quiver refuses another dictionary).</summary>
    private readonly record struct DictionaryContext(List<long>? Ids, bool InsideDictionary = false);

    private static Field[] DecodeFields(FlatBufferVector vector, FieldPath? parent, int depth, DictionaryContext dictionaries)
    {
        var fields = new Field[vector.Count];
        for (var i = 0; i < fields.Length; i++)
            fields[i] = DecodeField(vector.GetTable(i), parent, depth, dictionaries);
        return fields;
    }

    private static Field DecodeField(FlatBufferTable field, FieldPath? parent, int depth, DictionaryContext dictionaries)
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
        var isEncoded = field.TryGetTable(FieldSlots.Dictionary, out var dictionary);
        IntType? indexType = null;
        if (isEncoded)
        {
            if (dictionaries.InsideDictionary)
                throw new ArrowNotSupportedException(
                    $"Field '{path}' is dictionary-encoded inside the values of another dictionary; Quiver does not support nested dictionaries.");
            indexType = ReadIndexType(dictionary, path);
            dictionaries.Ids?.Add(dictionary.GetInt64(DictionaryEncodingSlots.Id, 0));
        }
        ArrowTypeDecoder.RefuseUnsupported(tag, type, path);
        var childContext = isEncoded ? dictionaries with { InsideDictionary = true } : dictionaries;
        var children = DecodeFields(field.GetVector(FieldSlots.Children, 4), path, depth + 1, childContext);
        var arrowType = ArrowTypeDecoder.Decode(tag, type, children, path);
        if (indexType is not null)
            arrowType = new DictionaryType(indexType, arrowType, dictionary.GetBool(DictionaryEncodingSlots.IsOrdered, false));
        var metadata = CustomMetadataCodec.Read(field.GetVector(FieldSlots.CustomMetadata, 4), $"field '{path}'");
        return new Field(name, arrowType, field.GetBool(FieldSlots.Nullable, false), metadata);
    }

    /// <summary>The index type (int32 when absent, as the spec says); Arrow's indices are integers of 8 to 64 bits.</summary>
    private static IntType ReadIndexType(FlatBufferTable dictionary, FieldPath path)
    {
        if (dictionary.GetInt16(DictionaryEncodingSlots.DictionaryKind, 0) != 0)
            throw new ArrowNotSupportedException($"Field '{path}' uses dictionary kind {dictionary.GetInt16(DictionaryEncodingSlots.DictionaryKind, 0)}; Quiver reads DenseArray (0) dictionaries only.");
        if (!dictionary.TryGetTable(DictionaryEncodingSlots.IndexType, out var index))
            return IntType.Int32;
        var bits = index.GetInt32(TypeSlots.IntBitWidth, 0);
        if (bits is not (8 or 16 or 32 or 64))
            throw new ArrowFormatException($"Field '{path}' has dictionary indices of {bits} bits; Arrow integers have 8, 16, 32 or 64.");
        return new IntType(bits, index.GetBool(TypeSlots.IntIsSigned, false));
    }
}
