using Quiver.Arrow.Ipc.Flatbuffers;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Ipc;

/// <summary>Writes a <see cref="Schema"/> as a flatbuffers <c>Schema</c> table.</summary>
internal static class SchemaEncoder
{
    public static int Write(FlatBufferBuilder builder, Schema schema)
    {
        var nextDictionaryId = 0L;
        var fields = WriteFields(builder, schema.Fields, 1, ref nextDictionaryId);
        var metadata = CustomMetadataCodec.Write(builder, schema.Metadata);
        builder.StartTable(SchemaSlots.Count);
        builder.AddInt16(SchemaSlots.Endianness, 0);
        builder.AddOffset(SchemaSlots.Fields, fields);
        if (metadata != 0)
            builder.AddOffset(SchemaSlots.CustomMetadata, metadata);
        return builder.EndTable();
    }

    private static int WriteFields(FlatBufferBuilder builder, IReadOnlyList<Field> fields, int depth, ref long nextDictionaryId)
    {
        var offsets = new int[fields.Count];
        for (var i = 0; i < offsets.Length; i++)
            offsets[i] = WriteField(builder, fields[i], depth, ref nextDictionaryId);
        return builder.CreateOffsetVector(offsets);
    }

    /// <summary>
    /// A dictionary-encoded field is written as its value type with a DictionaryEncoding table;
    /// its id is its position among the schema's dictionary fields, depth first (the ids
    /// <see cref="DictionaryBatchWriter"/> gives its batches).
    /// </summary>
    private static int WriteField(FlatBufferBuilder builder, Field field, int depth, ref long nextDictionaryId)
    {
        // Refused here too, so Quiver never writes a schema it would refuse to read back.
        if (depth > SchemaDecoder.MaxNestingDepth)
            throw new ArgumentException($"Field '{field.Name}' is nested {depth} levels deep; Arrow IPC readers accept at most {SchemaDecoder.MaxNestingDepth}.");
        var name = builder.CreateString(field.Name);
        var dictionary = field.Type as DictionaryType;
        if (dictionary is not null && ContainsDictionary(dictionary.ValueType))
            throw new ArgumentException($"Field '{field.Name}' has dictionary-encoded fields inside its dictionary's values; Arrow IPC readers (Quiver's included) refuse nested dictionaries.");
        var valueType = dictionary?.ValueType ?? field.Type;
        var encoding = dictionary is null ? 0 : WriteDictionaryEncoding(builder, dictionary, nextDictionaryId++);
        var children = WriteFields(builder, valueType.Children, depth + 1, ref nextDictionaryId);
        var metadata = CustomMetadataCodec.Write(builder, field.Metadata);
        var (tag, type) = ArrowTypeEncoder.Write(builder, valueType);
        builder.StartTable(FieldSlots.Count);
        builder.AddOffset(FieldSlots.Name, name);
        builder.AddBool(FieldSlots.Nullable, field.Nullable);
        builder.AddUInt8(FieldSlots.TypeType, (byte)tag);
        builder.AddOffset(FieldSlots.Type, type);
        builder.AddOffset(FieldSlots.Children, children);
        if (encoding != 0)
            builder.AddOffset(FieldSlots.Dictionary, encoding);
        if (metadata != 0)
            builder.AddOffset(FieldSlots.CustomMetadata, metadata);
        return builder.EndTable();
    }

    private static bool ContainsDictionary(ArrowType type) =>
        type is DictionaryType || type.Children.Any(child => ContainsDictionary(child.Type));

    private static int WriteDictionaryEncoding(FlatBufferBuilder builder, DictionaryType dictionary, long id)
    {
        var (_, indexType) = ArrowTypeEncoder.Write(builder, dictionary.IndexType);
        builder.StartTable(DictionaryEncodingSlots.Count);
        builder.AddInt64(DictionaryEncodingSlots.Id, id);
        builder.AddOffset(DictionaryEncodingSlots.IndexType, indexType);
        builder.AddBool(DictionaryEncodingSlots.IsOrdered, dictionary.Ordered);
        builder.AddInt16(DictionaryEncodingSlots.DictionaryKind, 0);
        return builder.EndTable();
    }
}
