using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using static Quiver.Runtime.Tests.Ipc.HandBuiltArrays;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// <see cref="BatchMessageHeader"/>, which the recorder's body compression rewrites batches with:
/// the header it encodes around a body is Quiver's own, compressed or not, and what it reads from
/// a peer is checked.
/// </summary>
public class BatchMessageHeaderTests
{
    /// <summary>A dictionary batch, then a record batch with a null label: both message kinds, and a null count to carry.</summary>
    private static byte[] Sample()
    {
        using var batch = DictionaryIpcTests.Batch(DictionaryIpcTests.Encoded(Strings("person", "car"), 1, null, 0));
        return IpcMessageWriter.WriteRecordBatch(batch);
    }

    private static List<EncapsulatedMessage> Messages(byte[] sample)
    {
        var messages = new List<EncapsulatedMessage>();
        for (var position = 0; position < sample.Length; position += messages[^1].Length)
            messages.Add(EncapsulatedMessage.Read(sample, position));
        return messages;
    }

    [Fact]
    public void The_header_encoded_around_the_same_body_is_the_prefix_Quiver_wrote()
    {
        var sample = Sample();
        var messages = Messages(sample);
        Assert.Equal([MessageHeaderType.DictionaryBatch, MessageHeaderType.RecordBatch], messages.Select(m => m.HeaderType));
        foreach (var message in messages)
        {
            var header = BatchMessageHeader.Read(message);
            Assert.Null(header.Codec);
            var prefix = header.EncodePrefix(header.Buffers, message.Body.Length, codec: null);
            Assert.Equal(sample.AsSpan(message.Position, message.Length - message.Body.Length).ToArray(), prefix);
        }
    }

    [Fact]
    public void A_compressed_header_keeps_id_rows_nodes_and_regions_and_the_live_reader_still_refuses_it()
    {
        var sample = Sample();
        var rewritten = new List<byte>();
        foreach (var message in Messages(sample))
        {
            var header = BatchMessageHeader.Read(message);
            rewritten.AddRange(header.EncodePrefix(header.Buffers, message.Body.Length, BodyCompressionCodec.Zstd));
            rewritten.AddRange(message.Body.ToArray());
        }
        var compressed = rewritten.ToArray();

        var (original, again) = (Messages(sample), Messages(compressed));
        for (var i = 0; i < original.Count; i++)
        {
            BatchMessageHeader before = BatchMessageHeader.Read(original[i]), after = BatchMessageHeader.Read(again[i]);
            Assert.Equal(BodyCompressionCodec.Zstd, after.Codec);
            Assert.Equal((before.Type, before.DictionaryId, before.IsDelta, before.RowCount), (after.Type, after.DictionaryId, after.IsDelta, after.RowCount));
            Assert.Equal(before.Nodes, after.Nodes);
            Assert.Equal(before.Buffers, after.Buffers);
        }
        Assert.Contains(BatchMessageHeader.Read(original[1]).Nodes, n => n.NullCount == 1);
        var refused = Assert.Throws<ArrowNotSupportedException>(() => IpcMessageReader.ReadRecordBatch(DictionaryIpcTests.LabelSchema, compressed));
        Assert.Contains("compressed (ZSTD)", refused.Message);
    }

    [Fact]
    public void A_buffer_outside_the_body_is_refused_naming_it()
    {
        var sample = Sample();
        var message = Messages(sample)[1];
        var header = BatchMessageHeader.Read(message);
        var regions = (IpcBufferRegion[])header.Buffers.Clone();
        regions[^1] = new IpcBufferRegion(message.Body.Length - 4, 8);
        var prefix = header.EncodePrefix(regions, message.Body.Length, codec: null);
        byte[] lying = [.. prefix, .. message.Body.ToArray()];

        var refused = Assert.Throws<ArrowFormatException>(() => BatchMessageHeader.Read(EncapsulatedMessage.Read(lying, 0)));
        Assert.Contains($"buffer {regions.Length - 1} covers 8 bytes from offset {message.Body.Length - 4}, outside the {message.Body.Length}-byte body", refused.Message);
    }
}
