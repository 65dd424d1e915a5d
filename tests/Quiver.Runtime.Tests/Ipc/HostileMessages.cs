using Quiver.Arrow.Ipc;
using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// Builds encapsulated messages with any content, valid or not, using the flatbuffer builder
/// directly (slot numbers from Message.fbs and Schema.fbs) so tests can say exactly what lies.
/// </summary>
internal static class HostileMessages
{
    public const byte SchemaHeader = 1, DictionaryBatchHeader = 2, RecordBatchHeader = 3;

    /// <summary>A RecordBatch message with the given header values and body; nothing is checked.</summary>
    public static byte[] RecordBatch(long rows, IpcFieldNode[] nodes, IpcBufferRegion[] buffers, byte[] body, long? declaredBodyLength = null)
    {
        var flatbuffer = RecordBatchMessageEncoder.Build(new FlatBufferBuilder(), rows, nodes, buffers, declaredBodyLength ?? body.Length);
        return Framed(flatbuffer, body);
    }

    /// <summary>A message whose header table is written by <paramref name="writeHeader"/> (0: no header).</summary>
    public static byte[] Message(byte headerType, Func<FlatBufferBuilder, int> writeHeader, short version = 4, long bodyLength = 0, byte[]? body = null)
    {
        var builder = new FlatBufferBuilder();
        var header = writeHeader(builder);
        builder.StartTable(5);
        builder.AddInt64(3, bodyLength);
        if (header != 0)
            builder.AddOffset(2, header);
        builder.AddInt16(0, version);
        builder.AddUInt8(1, headerType);
        return Framed(builder.Finish(builder.EndTable()), body ?? []);
    }

    /// <summary>A Schema message with one field written by <paramref name="writeField"/>.</summary>
    public static byte[] SchemaWithField(Func<FlatBufferBuilder, int> writeField, short endianness = 0) =>
        Message(SchemaHeader, builder =>
        {
            var fields = builder.CreateOffsetVector([writeField(builder)]);
            builder.StartTable(4);
            builder.AddOffset(1, fields);
            builder.AddInt16(0, endianness);
            return builder.EndTable();
        });

    /// <summary>A Field table; <paramref name="writeType"/> writes the type table (0 for none).</summary>
    public static int Field(FlatBufferBuilder builder, string name, byte typeTag, Func<FlatBufferBuilder, int> writeType, int[]? children = null, int dictionary = 0, bool nullable = true)
    {
        var nameOffset = builder.CreateString(name);
        var type = writeType(builder);
        var childVector = builder.CreateOffsetVector(children ?? []);
        builder.StartTable(7);
        builder.AddOffset(0, nameOffset);
        builder.AddBool(1, nullable);
        builder.AddUInt8(2, typeTag);
        if (type != 0)
            builder.AddOffset(3, type);
        if (dictionary != 0)
            builder.AddOffset(4, dictionary);
        builder.AddOffset(5, childVector);
        return builder.EndTable();
    }

    public static Func<FlatBufferBuilder, int> Table(params (int Slot, int Value)[] int32Fields) => builder =>
    {
        builder.StartTable(4);
        foreach (var (slot, value) in int32Fields)
            builder.AddInt32(slot, value);
        return builder.EndTable();
    };

    public static Func<FlatBufferBuilder, int> Int16Table(int slot, short value) => builder =>
    {
        builder.StartTable(4);
        builder.AddInt16(slot, value);
        return builder.EndTable();
    };

    public static byte[] Framed(ReadOnlySpan<byte> flatbuffer, byte[] body)
    {
        var prefixLength = MessageEncoder.FramedLength(flatbuffer.Length);
        var message = new byte[prefixLength + body.Length];
        MessageEncoder.Frame(flatbuffer, message.AsSpan(0, prefixLength));
        body.CopyTo(message, prefixLength);
        return message;
    }

    /// <summary>An empty table: the type table of a type without parameters.</summary>
    public static int PlaceholderTable(FlatBufferBuilder builder)
    {
        builder.StartTable(0);
        return builder.EndTable();
    }

    /// <summary>A DictionaryEncoding table with <paramref name="id"/> and signed 8-bit indices.</summary>
    public static int DictionaryEncoding(FlatBufferBuilder builder, long id)
    {
        var index = Table((0, 8), (1, 1))(builder);
        builder.StartTable(4);
        builder.AddInt64(0, id);
        builder.AddOffset(1, index);
        return builder.EndTable();
    }

    /// <summary>A Schema message with the fields written by <paramref name="writeFields"/>.</summary>
    public static byte[] SchemaWithFields(Func<FlatBufferBuilder, int[]> writeFields) =>
        Message(SchemaHeader, builder =>
        {
            var fields = builder.CreateOffsetVector(writeFields(builder));
            builder.StartTable(4);
            builder.AddOffset(1, fields);
            builder.AddInt16(0, 0);
            return builder.EndTable();
        });
}
