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
        var stream = QuiverStreamCases.Get(name);
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
        var written = new MemoryStream();
        try
        {
            using var writer = new ArrowStreamWriter(written, apacheSchema, leaveOpen: true);
            // Apache.Arrow writes the schema with the first batch; a stream without batches would
            // hold the end-of-stream marker alone, which the spec does not allow.
            writer.WriteStart();
            foreach (var batch in apacheBatches)
                writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        finally
        {
            apacheBatches.ForEach(b => b.Dispose());
        }
        var apacheWritten = written.ToArray();

        var reader = new IpcStreamReader(apacheWritten);
        var batches = new List<QuiverBatch>();
        try
        {
            while (reader.ReadNext() is { } batch)
                batches.Add(batch);
            CanonicalJson.AssertEqual(Expected(stream), CanonicalJson.FromBatches(reader.Schema, batches));
            AssertInside(batches.SelectMany(b => b.Columns).SelectMany(c => QuiverBuffers(c.Data)), apacheWritten);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Quiver_reads_apache_arrows_single_messages_in_place(string name)
    {
        var (stream, bytes) = QuiverStream(name);
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

    private static (TestStream Stream, byte[] Bytes) QuiverStream(string name)
    {
        var stream = QuiverStreamCases.Get(name);
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
        data.Buffers.Select(b => b.Memory).Concat((data.Children ?? []).SelectMany(Buffers));

    private static IEnumerable<ReadOnlyMemory<byte>> QuiverBuffers(Quiver.Arrow.ArrayData data) =>
        data.Buffers.Select(b => b.Memory).Concat(data.Children.SelectMany(QuiverBuffers));

    private static void AssertInside(IEnumerable<ReadOnlyMemory<byte>> buffers, ReadOnlyMemory<byte> source)
    {
        foreach (var buffer in buffers.Where(b => !b.IsEmpty))
        {
            var inside = source.Span.Overlaps(buffer.Span, out var offset) && offset >= 0 && offset + buffer.Length <= source.Length;
            Assert.True(inside, $"a buffer of {buffer.Length} bytes was copied out of the message it was read from");
        }
    }
}
