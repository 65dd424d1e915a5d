using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;
using static Quiver.Runtime.Tests.Ipc.HandBuiltArrays;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// Dictionary-encoded columns through IPC: streams (dictionary batches before the record batches,
/// replaced between them) and single messages (the dictionary batches, then the record batch, in
/// one region), and every lie a peer can tell about them.
/// </summary>
public class DictionaryIpcTests
{
    private static readonly DictionaryType Labels = new(IntType.Int8, Utf8Type.Default);
    internal static readonly Schema LabelSchema = new([new Field("label", Labels), new Field("n", IntType.Int32, nullable: false)]);

    internal static ArrayData Encoded(ArrayData dictionary, params sbyte?[] indices)
    {
        var data = Primitive<sbyte>(Labels.IndexType, indices);
        return new ArrayData(Labels, data.Length, data.DeclaredNullCount, 0, data.Buffers, dictionary: dictionary);
    }

    internal static RecordBatch Batch(ArrayData labels) =>
        new(LabelSchema, [ArrowArrayFactory.Create(labels), ArrowArrayFactory.Create(Primitive<int>(IntType.Int32, Enumerable.Range(0, labels.Length).Select(i => (int?)i).ToArray()))], labels.Length);

    private static List<object?> Labels0(RecordBatch batch) => ColumnWalker.ToValues(batch.Column(0));

    [Fact]
    public void SingleMessageCarriesItsDictionaryAndReadsBackInPlace()
    {
        var dictionary = Strings("person", "car", null);
        using var batch = Batch(Encoded(dictionary, 1, null, 0, 1, 2));
        var bytes = IpcMessageWriter.WriteRecordBatch(batch);

        Assert.Equal([HostileMessages.DictionaryBatchHeader, HostileMessages.RecordBatchHeader], MessageHeaders(bytes));
        using var read = IpcMessageReader.ReadRecordBatch(LabelSchema, bytes);
        Assert.Equal(["car", null, "person", "car", null], Labels0(read));
        var column = (DictionaryArray)read.Column(0);
        Assert.Equal(2, column.GetIndex(4));
        Assert.True(column.IsValid(4));
        Assert.Equal("person"u8.ToArray(), column.GetBytes(2).ToArray());
    }

    [Fact]
    public void ReusableReaderReadsEachMessageWithItsOwnDictionary()
    {
        var reader = new ReusableRecordBatchReader(LabelSchema);
        using var one = Batch(Encoded(Strings("a", "b"), 0, 1));
        using var two = Batch(Encoded(Strings("x"), 0, 0, 0));
        reader.Read(IpcMessageWriter.WriteRecordBatch(one));
        Assert.Equal(["a", "b"], Labels0(reader.Batch));
        reader.Read(IpcMessageWriter.WriteRecordBatch(two));
        Assert.Equal(["x", "x", "x"], Labels0(reader.Batch));
    }

    [Fact]
    public void StreamWritesADictionaryOnceAndAgainWhenItIsReplaced()
    {
        var first = Strings("a", "b");
        var second = Strings("c");
        using var b1 = Batch(Encoded(first, 0, 1));
        using var b2 = Batch(Encoded(first, 1, 1));
        using var b3 = Batch(Encoded(second, 0));
        var output = new MemoryStream();
        using (var writer = new IpcStreamWriter(output, LabelSchema))
        {
            writer.Write(b1);
            writer.Write(b2);
            writer.Write(b3);
        }
        var bytes = output.ToArray();
        Assert.Equal([1, 2, 3, 3, 2, 3], MessageHeaders(bytes));

        var reader = new IpcStreamReader(bytes);
        Assert.Equal(LabelSchema, reader.Schema);
        var batches = reader.ReadAll().ToList();
        Assert.Equal([["a", "b"], ["b", "b"], ["c"]], batches.Select(Labels0));
        // A batch read before the replacement keeps the dictionary it was read with.
        Assert.Equal("b", ((DictionaryArray)batches[1].Column(0)).GetString(0));
    }

    [Fact]
    public void IndexOutsideTheDictionaryIsRefused()
    {
        using var batch = Batch(Encoded(Strings("a", "b"), 0, 1));
        var bytes = IpcMessageWriter.WriteRecordBatch(batch);
        // The label column has no validity bitmap, so its int8 indices start the record batch's body.
        bytes[BodyStart(bytes, MessageLength(bytes, 0)) + 1] = 2;
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadRecordBatch(LabelSchema, bytes));
        Assert.EndsWith("column 'label': Invalid Arrow array at array (dictionary<values=string, indices=int8, ordered=0>): slot 1 has the index 2, outside the dictionary of 2 values.", e.Message);
    }

    [Fact]
    public void NegativeIndexIsRefusedButANullSlotMayHoldAnything()
    {
        var dictionary = Strings("a");
        var bad = new ArrayData(Labels, 1, 0, 0, [ArrowBuffer0(), Bytes<sbyte>(-1)], dictionary: dictionary);
        var e = Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(bad));
        Assert.Equal("Invalid Arrow array at array (dictionary<values=string, indices=int8, ordered=0>): slot 0 has the index -1, outside the dictionary of 1 values.", e.Message);

        var nullSlot = new ArrayData(Labels, 1, 1, 0, [new byte[] { 0 }, Bytes<sbyte>(-1)], dictionary: dictionary);
        ArrayDataValidator.Validate(nullSlot);
    }

    [Fact]
    public void DictionaryOfTheWrongTypeOrNoneIsRefused()
    {
        var ints = new ArrayData(Labels, 1, 0, 0, [ArrowBuffer0(), Bytes<sbyte>(0)], dictionary: Primitive<int>(IntType.Int32, 7));
        Assert.Equal("Invalid Arrow array at array.dictionary: child is int32, the type says string.", Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(ints)).Message);
        var none = new ArrayData(Labels, 1, 0, 0, [ArrowBuffer0(), Bytes<sbyte>(0)]);
        Assert.Contains("has no dictionary", Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(none)).Message);
    }

    [Fact]
    public void RecordBatchWithoutItsDictionaryIsRefused()
    {
        using var batch = Batch(Encoded(Strings("a"), 0));
        var bytes = IpcMessageWriter.WriteRecordBatch(batch);
        var recordBatchOnly = RecordBatchAlone(batch);
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadRecordBatch(LabelSchema, recordBatchOnly));
        Assert.Equal("The record batch at byte 0: field 'label' is dictionary-encoded, but no dictionary batch for it came before the record batch.", e.Message);
    }

    [Fact]
    public void DictionaryIdTheSchemaDoesNotHaveIsRefused()
    {
        using var batch = Batch(Encoded(Strings("a"), 0));
        var recordBatch = RecordBatchAlone(batch);
        var bytes = DictionaryMessage(5, delta: false, Strings("a")).Concat(recordBatch).ToArray();
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadRecordBatch(LabelSchema, bytes));
        Assert.Equal("The dictionary batch at byte 0 has id 5; this schema's dictionaries have ids 0 to 0.", e.Message);

        var stream = IpcMessageWriter.WriteSchema(LabelSchema).Concat(bytes).ToArray();
        var streamError = Assert.Throws<ArrowFormatException>(() => new IpcStreamReader(stream).ReadNext());
        Assert.EndsWith("has id 5, which no field of the stream's schema uses (ids: 0).", streamError.Message);
    }

    [Fact]
    public void DictionarySentTwiceInOneMessageIsRefused()
    {
        using var batch = Batch(Encoded(Strings("a"), 0));
        var dictionary = DictionaryMessage(0, delta: false, Strings("a"));
        var twice = dictionary.Concat(dictionary).Concat(RecordBatchAlone(batch)).ToArray();
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadRecordBatch(LabelSchema, twice));
        Assert.Equal($"The dictionary batch at byte {dictionary.Length} sends dictionary id 0 a second time.", e.Message);
    }

    [Fact]
    public void DeltaDictionaryBatchIsRefused()
    {
        using var batch = Batch(Encoded(Strings("a"), 0));
        var bytes = DictionaryMessage(0, delta: true, Strings("a")).Concat(RecordBatchAlone(batch)).ToArray();
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadRecordBatch(LabelSchema, bytes));
        Assert.Equal("The dictionary batch at byte 0 (id 0) is a delta; within one message every dictionary is sent whole.", e.Message);

        var stream = IpcMessageWriter.WriteSchema(LabelSchema).Concat(bytes).ToArray();
        Assert.Contains("delta", Assert.Throws<ArrowNotSupportedException>(() => new IpcStreamReader(stream).ReadNext()).Message);
    }

    [Fact]
    public void SharedDictionaryIdGivesEveryFieldThatUsesIt()
    {
        var schema = new Schema([new Field("a", Labels), new Field("b", Labels)]);
        var header = HostileMessages.SchemaWithFields(b =>
        [
            HostileMessages.Field(b, "a", 5, HostileMessages.PlaceholderTable, dictionary: HostileMessages.DictionaryEncoding(b, 7)),
            HostileMessages.Field(b, "b", 5, HostileMessages.PlaceholderTable, dictionary: HostileMessages.DictionaryEncoding(b, 7)),
        ]);
        var dictionary = Strings("shared");
        using var batch = new RecordBatch(schema, [ArrowArrayFactory.Create(Encoded(dictionary, 0)), ArrowArrayFactory.Create(Encoded(dictionary, 0))], 1);
        var stream = header.Concat(DictionaryMessage(7, delta: false, dictionary)).Concat(RecordBatchAlone(batch)).ToArray();
        var read = Assert.Single(new IpcStreamReader(stream).ReadAll());
        Assert.Equal(["shared"], ColumnWalker.ToValues(read.Column(0)));
        Assert.Equal(["shared"], ColumnWalker.ToValues(read.Column(1)));
    }

    [Fact]
    public void DictionaryValuesAreValidatedLikeAnyColumn()
    {
        using var batch = Batch(Encoded(Strings("ab"), 0));
        var bytes = IpcMessageWriter.WriteRecordBatch(batch);
        // The dictionary has no validity bitmap, so its offsets [0, 2] start its body: claim 200 bytes of data.
        bytes[BodyStart(bytes, 0) + 4] = 200;
        var e = Assert.Throws<ArrowFormatException>(() => IpcMessageReader.ReadRecordBatch(LabelSchema, bytes));
        Assert.Contains("last offset 200 is beyond the 2 bytes of data", e.Message);
    }

    [Fact]
    public void NestedDictionaryIsNeverWritten()
    {
        var inner = new StructType([new Field("k", Labels)]);
        var schema = new Schema([new Field("d", new DictionaryType(IntType.Int8, inner))]);
        Assert.Contains("nested dictionaries", Assert.Throws<ArgumentException>(() => IpcMessageWriter.WriteSchema(schema)).Message);
    }

    private static Quiver.Arrow.Memory.ArrowBuffer ArrowBuffer0() => Quiver.Arrow.Memory.ArrowBuffer.Empty;

    /// <summary>The header type of every message in <paramref name="bytes"/> up to the end-of-stream marker.</summary>
    private static byte[] MessageHeaders(byte[] bytes)
    {
        var headers = new List<byte>();
        for (var at = 0; at < bytes.Length;)
        {
            var message = EncapsulatedMessage.Read(bytes, at);
            if (message.IsEndOfStream)
                break;
            headers.Add((byte)message.HeaderType);
            at += message.Length;
        }
        return headers.ToArray();
    }

    private static int MessageLength(byte[] bytes, int at) => EncapsulatedMessage.Read(bytes, at).Length;

    private static int BodyStart(byte[] bytes, int at)
    {
        var message = EncapsulatedMessage.Read(bytes, at);
        return at + message.Length - message.Body.Length;
    }

    /// <summary>The record batch message that <see cref="IpcMessageWriter.WriteRecordBatch"/> writes after the dictionaries.</summary>
    private static byte[] RecordBatchAlone(RecordBatch batch)
    {
        var bytes = IpcMessageWriter.WriteRecordBatch(batch);
        var at = 0;
        while (EncapsulatedMessage.Read(bytes, at).HeaderType == MessageHeaderType.DictionaryBatch)
            at += MessageLength(bytes, at);
        return bytes[at..];
    }

    /// <summary>A dictionary batch with any id and delta flag, built with the flatbuffer builder directly.</summary>
    private static byte[] DictionaryMessage(long id, bool delta, ArrayData values)
    {
        var body = RecordBatchBody.PlanColumn(values);
        var bodyBytes = new byte[body.Length];
        body.WriteTo(bodyBytes);
        var nodes = body.Nodes.ToArray();
        var regions = body.Regions.ToArray();
        return HostileMessages.Message(HostileMessages.DictionaryBatchHeader, b =>
        {
            var data = RecordBatchMessageEncoder.WriteTable(b, values.Length, nodes, regions, out _);
            b.StartTable(3);
            b.AddInt64(0, id);
            b.AddOffset(1, data);
            b.AddBool(2, delta);
            return b.EndTable();
        }, bodyLength: bodyBytes.Length, body: bodyBytes);
    }
}
