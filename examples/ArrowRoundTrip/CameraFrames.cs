using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Types;

namespace Quiver.Examples.ArrowRoundTrip;

/// <summary>Synthetic camera frames and how they are laid out as Arrow columns.</summary>
internal static class CameraFrames
{
    public static readonly Schema Schema = new([
        new Field("sequence", IntType.UInt64, nullable: false),
        new Field("stamp", new TimestampType(TimeUnit.Nanosecond, "UTC"), nullable: false),
        new Field("width", IntType.UInt32, nullable: false),
        new Field("height", IntType.UInt32, nullable: false),
        new Field("labels", new ListType(new Field("item", Utf8Type.Default, nullable: false)), nullable: false),
        new Field("data", BinaryType.Default, nullable: false),
    ]);

    public sealed record Frame(ulong Sequence, DateTimeOffset Stamp, int Width, int Height, string[] Labels);

    public static IReadOnlyList<Frame> Synthetic(int count, int width, int height)
    {
        string[][] labels = [["person"], ["person", "bicycle"], []];
        var start = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count)
            .Select(i => new Frame((ulong)i, start.AddTicks(i * 333_333), width, height, labels[i % labels.Length]))
            .ToList();
    }

    public static RecordBatchLayout Plan(IReadOnlyList<Frame> frames) => new RecordBatchSizes(Schema, frames.Count)
        .DeclareListElements("labels", frames.Sum(f => f.Labels.Length))
        .DeclareValueBytes("labels.item", frames.Sum(f => f.Labels.Sum(Encoding.UTF8.GetByteCount)))
        .DeclareValueBytes("data", frames.Sum(f => f.Width * f.Height * 3))
        .Plan();

    public static void Write(IReadOnlyList<Frame> frames, RecordBatchWriter writer)
    {
        var labels = writer.Column<ListColumnBuilder>("labels");
        foreach (var frame in frames)
        {
            writer.Column<PrimitiveColumnBuilder<ulong>>("sequence").Append(frame.Sequence);
            writer.Column<TimestampColumnBuilder>("stamp").Append(frame.Stamp);
            writer.Column<PrimitiveColumnBuilder<uint>>("width").Append((uint)frame.Width);
            writer.Column<PrimitiveColumnBuilder<uint>>("height").Append((uint)frame.Height);
            labels.Append(frame.Labels.Length);
            foreach (var label in frame.Labels)
                labels.Values.As<StringColumnBuilder>().Append(label);
            FillGradient(writer.Column<BinaryColumnBuilder>("data").AppendInPlace(frame.Width * frame.Height * 3), frame);
        }
    }

    // The "camera" renders straight into the batch's payload buffer: no frame-sized temporary.
    private static void FillGradient(Span<byte> rgb, Frame frame)
    {
        for (var y = 0; y < frame.Height; y++)
        {
            var row = rgb.Slice(y * frame.Width * 3, frame.Width * 3);
            for (var x = 0; x < frame.Width; x++)
            {
                row[x * 3] = (byte)(x + (int)frame.Sequence * 40);
                row[x * 3 + 1] = (byte)y;
                row[x * 3 + 2] = 128;
            }
        }
    }
}
