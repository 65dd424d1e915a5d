using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Vision;

namespace Quiver.Recording.TestPeer;

/// <summary>
/// The messages the recording tests publish, as pure functions of their index, so a test can
/// check a recording's values without asking the publisher: a typed vision.Image and a raw
/// three-column reading built with Apache.Arrow.
/// </summary>
public static class RecordedSamples
{
    public const string RawMessageType = "lab.Reading";
    public const ulong RawFingerprint = 0x5EC0DED0_0000_0001;

    public static readonly Schema RawSchema = new Schema.Builder()
        .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false))
        .Field(f => f.Name("value").DataType(DoubleType.Default).Nullable(false))
        .Field(f => f.Name("name").DataType(StringType.Default).Nullable(false))
        .Build();

    public static Image.Value Image(int index) => new()
    {
        Width = 4,
        Height = 2,
        Step = 12,
        Encoding = Encoding.Rgb8,
        Stamp = (1_700_000_000L + index) * 1_000_000_000L,
        FrameId = $"frame-{index}",
        Data = ImageBytes(index),
        Labels = [$"label-{index}"],
    };

    /// <summary>A 128 x 128 grey frame: large and compressible, as camera images are, for the compression tests.</summary>
    public static Image.Value Frame(int index) => new()
    {
        Width = FrameSide,
        Height = FrameSide,
        Step = FrameSide,
        Encoding = Encoding.Mono8,
        Stamp = (1_700_000_000L + index) * 1_000_000_000L,
        FrameId = $"frame-{index}",
        Data = FrameBytes(index),
        Labels = [$"label-{index}"],
    };

    public const int FrameSide = 128;

    /// <summary>Rows of one grey level each, a gradient that moves with <paramref name="index"/>.</summary>
    public static byte[] FrameBytes(int index) => [.. Enumerable.Range(0, FrameSide * FrameSide).Select(i => (byte)(index + i / FrameSide))];

    /// <summary>The schema message Apache.Arrow's stream writer writes first: what a raw publisher announces.</summary>
    public static byte[] RawSchemaMessage()
    {
        using var stream = new MemoryStream();
        using var writer = new ArrowStreamWriter(stream, RawSchema, leaveOpen: true);
        writer.WriteStart();
        return stream.ToArray();
    }

    public static byte[] ImageBytes(int index) => [.. Enumerable.Range(0, 24).Select(i => (byte)(index * 7 + i))];

    /// <summary>Reading <paramref name="index"/> has <c>index % 3 + 1</c> rows.</summary>
    public static RecordBatch Reading(int index)
    {
        var rows = index % 3 + 1;
        var ids = new Int64Array.Builder();
        var values = new DoubleArray.Builder();
        var names = new StringArray.Builder();
        for (var row = 0; row < rows; row++)
        {
            ids.Append(index * 10L + row);
            values.Append(index + row / 4.0);
            names.Append($"r{index}.{row}");
        }
        return new RecordBatch(RawSchema, [ids.Build(), values.Build(), names.Build()], rows);
    }
}
