using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Builders;

public class BinaryBuilderTests
{
    [Fact]
    public void StringsIncludingNonAsciiEmptyAndNull()
    {
        string?[] values = ["héllo", "", null, "日本語", "🦀 crab", "a", null, ""];
        var bytes = values.Sum(v => v is null ? 0 : Encoding.UTF8.GetByteCount(v));
        var schema = new Schema([new Field("text", Utf8Type.Default)]);
        var batch = CheckedWrite.Write(schema, values.Length, s => s.DeclareValueBytes("text", bytes), w =>
        {
            var text = w.Column<StringColumnBuilder>("text");
            foreach (var value in values)
                text.Append(value);
        }).Batch;

        var strings = (StringArray)batch.Column("text");
        Assert.Equal(values, strings.ToStrings());
        Assert.Equal(Encoding.UTF8.GetBytes(string.Concat(values)), strings.ValueData.ToArray());
        // Offsets worked out by hand from the UTF-8 lengths 6, 0, -, 9, 9, 1, -, 0.
        Assert.Equal([0, 6, 6, 6, 15, 24, 25, 25, 25], strings.ValueOffsets.ToArray());
    }

    [Fact]
    public void StringsFromCharSpansAndUtf8Bytes()
    {
        var schema = new Schema([new Field("text", Utf8Type.Default, nullable: false)]);
        var batch = CheckedWrite.Write(schema, 3, s => s.DeclareValueBytes("text", 2 + 3 + 2), w =>
        {
            var text = w.Column<StringColumnBuilder>("text");
            text.Append("xyz".AsSpan(1));
            text.Append("ünï"u8[..3]);
            text.Append("ok"u8);
        }).Batch;
        Assert.Equal(new string?[] { "yz", "ün", "ok" }, ((StringArray)batch.Column(0)).ToStrings());
    }

    [Fact]
    public void LoneSurrogatesBecomeTheReplacementCharacterAsEncodingUtf8CountsThem()
    {
        var broken = "a\uD800b";
        var schema = new Schema([new Field("text", Utf8Type.Default)]);
        var batch = CheckedWrite.Write(schema, 1, s => s.DeclareValueBytes("text", Encoding.UTF8.GetByteCount(broken)), w =>
            w.Column<StringColumnBuilder>(0).Append(broken)).Batch;
        Assert.Equal("a\uFFFDb", ((StringArray)batch.Column(0)).GetString(0));
    }

    [Fact]
    public void BinaryAppendedAndFilledInPlace()
    {
        var schema = new Schema([new Field("blob", BinaryType.Default)]);
        var batch = CheckedWrite.Write(schema, 5, s => s.DeclareValueBytes("blob", 3 + 1000 + 0), w =>
        {
            var blob = w.Column<BinaryColumnBuilder>("blob");
            blob.Append([1, 2, 3]);
            blob.AppendNull();
            var image = blob.AppendInPlace(1000);
            for (var i = 0; i < image.Length; i++)
                image[i] = (byte)(i % 200);
            blob.Append([]);
            blob.AppendInPlace(0);
        }).Batch;

        var blobs = ((BinaryArray)batch.Column(0)).ToByteArrays();
        Assert.Equal([1, 2, 3], blobs[0]);
        Assert.Null(blobs[1]);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (byte)(i % 200)), blobs[2]);
        Assert.Equal<byte[]?>([], blobs[3]);
        Assert.Equal<byte[]?>([], blobs[4]);
    }

    [Fact]
    public void InPlaceSliceIsTheTargetItself()
    {
        var schema = new Schema([new Field("blob", BinaryType.Default, nullable: false)]);
        var layout = new RecordBatchSizes(schema, 1).DeclareValueBytes("blob", 5).Plan();
        var target = new byte[layout.BodyLength];
        var writer = new RecordBatchWriter(layout, target);
        var slot = writer.Column<BinaryColumnBuilder>(0).AppendInPlace(5);
        "hello"u8.CopyTo(slot);
        // The data buffer is the third region; the bytes are already where the batch reads them.
        Assert.Equal("hello"u8.ToArray(), target.AsSpan((int)layout.Buffers[2].Offset, 5).ToArray());
        Assert.Equal("hello"u8.ToArray(), ((BinaryArray)writer.Finish().Batch.Column(0)).GetBytes(0).ToArray());
    }

    [Fact]
    public void FixedSizeBinary()
    {
        var schema = new Schema([new Field("id", new FixedSizeBinaryType(4)), new Field("empty", new FixedSizeBinaryType(0), nullable: false)]);
        var batch = CheckedWrite.Write(schema, 11, _ => { }, w =>
        {
            var id = w.Column<FixedSizeBinaryColumnBuilder>("id");
            for (var i = 0; i < 11; i++)
            {
                if (i % 4 == 1)
                    id.AppendNull();
                else if (i % 2 == 0)
                    id.Append([(byte)i, 1, 2, 3]);
                else
                    id.AppendInPlace().Fill((byte)(i + 100));
            }
            var empty = w.Column<FixedSizeBinaryColumnBuilder>("empty");
            for (var i = 0; i < 11; i++)
                empty.Append([]);
        }).Batch;

        var ids = ((FixedSizeBinaryArray)batch.Column("id")).ToByteArrays();
        for (var i = 0; i < 11; i++)
        {
            byte[]? expected = i % 4 == 1 ? null : i % 2 == 0 ? [(byte)i, 1, 2, 3] : [(byte)(i + 100), (byte)(i + 100), (byte)(i + 100), (byte)(i + 100)];
            Assert.Equal(expected, ids[i]);
        }
        Assert.Equal(new byte[4], batch.Column("id").Data.Buffers[1].Span.Slice(4, 4).ToArray());
        Assert.All(((FixedSizeBinaryArray)batch.Column("empty")).ToByteArrays(), v => Assert.Equal<byte[]?>([], v));
    }

    [Fact]
    public void FixedSizeBinaryRefusesOtherWidths()
    {
        var schema = new Schema([new Field("id", new FixedSizeBinaryType(4))]);
        var writer = RecordBatchWriter.Allocate(new RecordBatchSizes(schema, 1).Plan());
        var e = Assert.Throws<ArgumentException>(() => writer.Column<FixedSizeBinaryColumnBuilder>(0).Append([1, 2, 3]));
        Assert.Contains("exactly 4 bytes, not 3", e.Message);
        Assert.Equal(0, writer.Column(0).Count);
    }
}
