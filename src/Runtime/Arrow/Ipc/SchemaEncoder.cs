using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Arrow.Ipc;

/// <summary>Writes a <see cref="Schema"/> as a flatbuffers <c>Schema</c> table.</summary>
internal static class SchemaEncoder
{
    public static int Write(FlatBufferBuilder builder, Schema schema)
    {
        var fields = WriteFields(builder, schema.Fields, 1);
        var metadata = CustomMetadataCodec.Write(builder, schema.Metadata);
        builder.StartTable(SchemaSlots.Count);
        builder.AddInt16(SchemaSlots.Endianness, 0);
        builder.AddOffset(SchemaSlots.Fields, fields);
        if (metadata != 0)
            builder.AddOffset(SchemaSlots.CustomMetadata, metadata);
        return builder.EndTable();
    }

    private static int WriteFields(FlatBufferBuilder builder, IReadOnlyList<Field> fields, int depth)
    {
        var offsets = new int[fields.Count];
        for (var i = 0; i < offsets.Length; i++)
            offsets[i] = WriteField(builder, fields[i], depth);
        return builder.CreateOffsetVector(offsets);
    }

    private static int WriteField(FlatBufferBuilder builder, Field field, int depth)
    {
        // Refused here too, so Quiver never writes a schema it would refuse to read back.
        if (depth > SchemaDecoder.MaxNestingDepth)
            throw new ArgumentException($"Field '{field.Name}' is nested {depth} levels deep; Arrow IPC readers accept at most {SchemaDecoder.MaxNestingDepth}.");
        var name = builder.CreateString(field.Name);
        var children = WriteFields(builder, field.Type.Children, depth + 1);
        var metadata = CustomMetadataCodec.Write(builder, field.Metadata);
        var (tag, type) = ArrowTypeEncoder.Write(builder, field.Type);
        builder.StartTable(FieldSlots.Count);
        builder.AddOffset(FieldSlots.Name, name);
        builder.AddBool(FieldSlots.Nullable, field.Nullable);
        builder.AddUInt8(FieldSlots.TypeType, (byte)tag);
        builder.AddOffset(FieldSlots.Type, type);
        builder.AddOffset(FieldSlots.Children, children);
        if (metadata != 0)
            builder.AddOffset(FieldSlots.CustomMetadata, metadata);
        return builder.EndTable();
    }
}
