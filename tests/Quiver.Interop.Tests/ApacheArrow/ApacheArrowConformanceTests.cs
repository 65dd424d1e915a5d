using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Quiver.Arrow.Ipc;
using Quiver.Interop.Tests.JavaScript;
using Quiver.Interop.Tests.Tooling;
using QuiverBatch = Quiver.Arrow.RecordBatch;

namespace Quiver.Interop.Tests.ApacheArrow;

/// <summary>
/// Apache.Arrow (the .NET package) as an implementation Quiver did not write: it reads, in place,
/// the streams and single messages Quiver writes for every type Quiver supports, and Quiver reads,
/// in place, what Apache.Arrow's writers make of them. Values are compared with the C# values the
/// batches were laid out from.
/// </summary>
public sealed class ApacheArrowConformanceTests
{
    public static TheoryData<string> Cases => new(QuiverStreamCases.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apache_arrow_reads_quivers_stream_in_place(string name)
    {
        var (stream, bytes) = QuiverStream(name);

        var batches = ReadWithApacheArrow(bytes, out var schema);
        try
        {
            CanonicalJson.AssertEqual(Expected(stream), ApacheArrowCanonicalJson.FromBatches(schema, batches));
            AssertInside(batches.SelectMany(b => b.Arrays).SelectMany(a => Buffers(a.Data)), bytes);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apache_arrow_reads_quivers_single_messages_in_place(string name)
    {
        var stream = WithoutDictionaries(QuiverStreamCases.Get(name));
        var schema = ArrowSerializationHelpers.DeserializeSchema(IpcMessageWriter.WriteSchema(stream.Schema));
        var messages = stream.Batches.Select(b =>
        {
            using var batch = b.Build(stream.Schema);
            return (ReadOnlyMemory<byte>)IpcMessageWriter.WriteRecordBatch(batch);
        }).ToList();

        var batches = messages.Select(m => ArrowSerializationHelpers.DeserializeRecordBatch(schema, m)).ToList();
        try
        {
            CanonicalJson.AssertEqual(Expected(stream), ApacheArrowCanonicalJson.FromBatches(schema, batches));
            for (var i = 0; i < batches.Count; i++)
                AssertInside(batches[i].Arrays.SelectMany(a => Buffers(a.Data)), messages[i]);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Quiver_reads_apache_arrows_stream_in_place(string name)
    {
        var (stream, bytes) = QuiverStream(name);
        var apacheBatches = ReadWithApacheArrow(bytes, out var apacheSchema);
        List<byte[]> apacheWritten;
        try
        {
            // Apache.Arrow's stream writer sends the first batch's dictionaries only (see
            // Apache_arrows_stream_writer_keeps_the_first_batchs_dictionaries): batches with
            // dictionaries of their own go in a stream each.
            apacheWritten = HasDictionaries(stream.Schema) && apacheBatches.Count > 0
                ? apacheBatches.Select(b => WriteWithApacheArrow(apacheSchema, [b])).ToList()
                : [WriteWithApacheArrow(apacheSchema, apacheBatches)];
        }
        finally
        {
            apacheBatches.ForEach(b => b.Dispose());
        }

        var batches = new List<(QuiverBatch Batch, byte[] Stream)>();
        try
        {
            Quiver.Arrow.Schema? schema = null;
            foreach (var written in apacheWritten)
            {
                var reader = new IpcStreamReader(written);
                schema = reader.Schema;
                while (reader.ReadNext() is { } batch)
                    batches.Add((batch, written));
            }
            CanonicalJson.AssertEqual(Expected(stream), CanonicalJson.FromBatches(schema!, batches.Select(b => b.Batch)));
            foreach (var (batch, written) in batches)
                AssertInside(batch.Columns.SelectMany(c => QuiverBuffers(c.Data)), written);
        }
        finally
        {
            batches.ForEach(b => b.Batch.Dispose());
        }
    }

    [Fact]
    public void Apache_arrows_stream_writer_keeps_the_first_batchs_dictionaries()
    {
        // Documented in docs/apache-arrow.md: ArrowStreamWriter 23.0.0 writes dictionary batches
        // with the first record batch only, so later batches' indices point into the first
        // batch's dictionaries. Quiver reads what the stream says and refuses an index outside it.
        var (stream, bytes) = QuiverStream("decimals_maps_dictionaries");
        var apacheBatches = ReadWithApacheArrow(bytes, out var apacheSchema);
        byte[] written;
        try
        {
            written = WriteWithApacheArrow(apacheSchema, apacheBatches);
        }
        finally
        {
            apacheBatches.ForEach(b => b.Dispose());
        }

        var reader = new IpcStreamReader(written);
        using (var first = reader.ReadNext()!)
            Assert.Equal("person", CanonicalJson.FromSlot(first.Column(3), 0)!.GetValue<string>());
        using (var second = reader.ReadNext()!)
        {
            Assert.Equal("bicycle", stream.Batches[1].Columns[3][0]);
            Assert.Equal("person", CanonicalJson.FromSlot(second.Column(3), 0)!.GetValue<string>());
        }
        var e = Assert.Throws<Quiver.Arrow.ArrowFormatException>(() => reader.ReadNext());
        Assert.Contains("outside the dictionary of 2 values", e.Message);
    }

    [Fact]
    public void Apache_arrows_single_message_api_takes_no_dictionaries_either_way()
    {
        // Documented in docs/apache-arrow.md: ArrowSerializationHelpers has no place for
        // dictionary batches, so those columns meet Apache.Arrow as streams or through ToApacheArrow.
        var stream = QuiverStreamCases.Get("decimals_maps_dictionaries");
        using var batch = stream.Batches[0].Build(stream.Schema);
        var quiverMessage = IpcMessageWriter.WriteRecordBatch(batch);
        var schema = ArrowSerializationHelpers.DeserializeSchema(IpcMessageWriter.WriteSchema(stream.Schema));

        Assert.ThrowsAny<ArgumentException>(() => ArrowSerializationHelpers.DeserializeRecordBatch(schema, quiverMessage).Dispose());

        var (_, bytes) = QuiverStream(stream.Name);
        var apacheBatches = ReadWithApacheArrow(bytes, out _);
        try
        {
            Assert.Throws<InvalidOperationException>(() => ArrowSerializationHelpers.SerializeRecordBatch(apacheBatches[0]));
        }
        finally
        {
            apacheBatches.ForEach(b => b.Dispose());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Quiver_reads_apache_arrows_single_messages_in_place(string name)
    {
        var (stream, bytes) = QuiverStream(WithoutDictionaries(QuiverStreamCases.Get(name)));
        var apacheBatches = ReadWithApacheArrow(bytes, out var apacheSchema);
        var schema = IpcMessageReader.ReadSchema(ArrowSerializationHelpers.SerializeSchema(apacheSchema));
        List<byte[]> messages;
        try
        {
            messages = apacheBatches.Select(b => ArrowSerializationHelpers.SerializeRecordBatch(b)).ToList();
        }
        finally
        {
            apacheBatches.ForEach(b => b.Dispose());
        }

        var batches = messages.Select(m => IpcMessageReader.ReadRecordBatch(schema, m)).ToList();
        try
        {
            CanonicalJson.AssertEqual(Expected(stream), CanonicalJson.FromBatches(schema, batches));
            for (var i = 0; i < batches.Count; i++)
                AssertInside(batches[i].Columns.SelectMany(c => QuiverBuffers(c.Data)), messages[i]);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    private static JsonObject Expected(TestStream stream) =>
        CanonicalJson.FromValues(stream.Schema, stream.Batches.Select(b => b.VisibleColumns));

    private static (TestStream Stream, byte[] Bytes) QuiverStream(string name) => QuiverStream(QuiverStreamCases.Get(name));

    private static (TestStream Stream, byte[] Bytes) QuiverStream(TestStream stream)
    {
        using var file = new MemoryStream();
        using (var writer = new IpcStreamWriter(file, stream.Schema))
        {
            foreach (var batch in stream.Batches)
            {
                using var recordBatch = batch.Build(stream.Schema);
                writer.Write(recordBatch);
            }
            writer.Finish();
        }
        return (stream, file.ToArray());
    }

    private static byte[] WriteWithApacheArrow(Apache.Arrow.Schema schema, IEnumerable<Apache.Arrow.RecordBatch> batches)
    {
        var written = new MemoryStream();
        using (var writer = new ArrowStreamWriter(written, schema, leaveOpen: true))
        {
            // Apache.Arrow writes the schema with the first batch; a stream without batches would
            // hold the end-of-stream marker alone, which the spec does not allow.
            writer.WriteStart();
            foreach (var batch in batches)
                writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        return written.ToArray();
    }

    private static bool HasDictionaries(Quiver.Arrow.Schema schema) => schema.Fields.Any(f => HasDictionary(f.Type));

    private static bool HasDictionary(Quiver.Arrow.Types.ArrowType type) =>
        type is Quiver.Arrow.Types.DictionaryType || type.Children.Any(c => HasDictionary(c.Type));

    /// <summary>The case without its dictionary-encoded columns: Apache.Arrow's single-message API has no dictionary batches.</summary>
    private static TestStream WithoutDictionaries(TestStream stream)
    {
        var kept = Enumerable.Range(0, stream.Schema.Fields.Count).Where(k => !HasDictionary(stream.Schema.Fields[k].Type)).ToList();
        return stream with
        {
            Schema = new Quiver.Arrow.Schema(kept.Select(k => stream.Schema.Fields[k]), stream.Schema.Metadata),
            Batches = stream.Batches.Select(b => b with { Columns = kept.Select(k => b.Columns[k]).ToArray() }).ToList(),
        };
    }

    private static List<Apache.Arrow.RecordBatch> ReadWithApacheArrow(ReadOnlyMemory<byte> bytes, out Apache.Arrow.Schema schema)
    {
        using var reader = new ArrowStreamReader(bytes);
        var batches = new List<Apache.Arrow.RecordBatch>();
        while (reader.ReadNextRecordBatch() is { } batch)
            batches.Add(batch);
        schema = reader.Schema;
        return batches;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Buffers(ArrayData data) =>
        data.Buffers.Select(b => b.Memory).Concat((data.Children ?? []).Append(data.Dictionary).OfType<ArrayData>().SelectMany(Buffers));

    private static IEnumerable<ReadOnlyMemory<byte>> QuiverBuffers(Quiver.Arrow.ArrayData data) =>
        data.Buffers.Select(b => b.Memory).Concat(data.Children.Append(data.Dictionary).OfType<Quiver.Arrow.ArrayData>().SelectMany(QuiverBuffers));

    private static void AssertInside(IEnumerable<ReadOnlyMemory<byte>> buffers, ReadOnlyMemory<byte> source)
    {
        foreach (var buffer in buffers.Where(b => !b.IsEmpty))
        {
            var inside = source.Span.Overlaps(buffer.Span, out var offset) && offset >= 0 && offset + buffer.Length <= source.Length;
            Assert.True(inside, $"a buffer of {buffer.Length} bytes was copied out of the message it was read from");
        }
    }
}
