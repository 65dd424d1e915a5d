using System.Globalization;
using System.Runtime.InteropServices;
using Quiver.Arrow.Builders;
using Quiver.Arrow.CData;
using Quiver.Interop.Tests.Tooling;
using Quiver.Messages;
using Vision;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>
/// Messages written with the code the Quiver generator made from schemas/*.quiver, exported with
/// <see cref="MessageCData"/>, taken in by DuckDB's current Arrow C API
/// (duckdb_schema_from_arrow + duckdb_data_chunk_from_arrow) into a table whose column types are
/// the ones DuckDB's conversion chose. The types are compared with a table derived by hand from
/// the schemas, the values with the rows the test wrote, through SQL.
/// </summary>
public sealed unsafe class DuckDbReadsTypedMessagesTests : IDisposable
{
    private const string Vector3Type = "STRUCT(x DOUBLE, y DOUBLE, z DOUBLE)";
    // DuckDB quotes a struct field named like a SQL keyword (POSITION is one) when it spells the type.
    private const string PoseType = $"STRUCT(\"position\" {Vector3Type}, orientation STRUCT(x DOUBLE, y DOUBLE, z DOUBLE, w DOUBLE))";

    private readonly DuckDbSession _duckDb = new();

    [Fact]
    public void Images_written_in_place_and_from_values_keep_their_types_and_values()
    {
        Image.Value[] rows =
        [
            new()
            {
                Width = 640, Height = 480, Step = 1920, Encoding = Encoding.Rgb8,
                Stamp = 1_700_000_000_123_456_789, FrameId = "camera/left",
                Data = new byte[] { 255, 0, 0, 0, 255, 0 }, Labels = ["cat", "sofa"],
                Pose = PoseAt(1, 2, 3),
            },
            new()
            {
                Width = 2, Height = 1, Step = 4, Encoding = Encoding.Mono16,
                Stamp = 1_700_000_001_000_000_000, FrameId = "kamera/größe 🎥",
                Data = Array.Empty<byte>(), Labels = [],
            },
            new()
            {
                // A value without an enum member passes through as its base type.
                Width = uint.MaxValue, Height = 0, Step = 7, Encoding = (Encoding)200,
                Stamp = 0, FrameId = "",
                Data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray(), Labels = ["", "x"],
                Pose = PoseAt(-1.5, 0.25, 1e300),
            },
        ];
        var inPlaceStamp = new DateTimeOffset(2025, 1, 1, 12, 30, 0, TimeSpan.Zero);
        var inPlacePixels = Enumerable.Range(0, 24).Select(i => (byte)(i + 100)).ToArray();
        const string inPlaceFrame = "camera/in-place";

        var layout = new RecordBatchSizes(Image.Schema, rows.Length + 1)
            .DeclareValueBytes("frame_id", rows.Sum(r => Utf8Length(r.FrameId)) + inPlaceFrame.Length)
            .DeclareValueBytes("data", rows.Sum(r => r.Data.Length) + inPlacePixels.Length)
            .DeclareListElements("labels", rows.Sum(r => r.Labels.Length) + 1)
            .DeclareValueBytes("labels.item", rows.Sum(r => r.Labels.Sum(Utf8Length)) + "in place".Length)
            .Plan();
        var writer = new Image.Writer(layout, new byte[layout.BodyLength]);
        foreach (var row in rows)
            writer.Append(row);
        writer.Width.Append(4);
        writer.Height.Append(2);
        writer.Step.Append(12);
        writer.Encoding.Append((byte)Encoding.BayerRggb8);
        writer.Stamp.Append(inPlaceStamp);
        writer.FrameId.Append(inPlaceFrame);
        inPlacePixels.CopyTo(writer.Data.AppendInPlace(inPlacePixels.Length));
        writer.Labels.Append(1);
        writer.Labels.Values.As<StringColumnBuilder>().Append("in place");
        writer.Pose.AppendNull();
        var (released, chunkTypes) = Load("images", writer.FinishBatch());

        AssertColumnTypes(
            [
                ("width", "UINTEGER"),
                ("height", "UINTEGER"),
                ("step", "UINTEGER"),
                ("encoding", "UTINYINT"),
                ("stamp", "TIMESTAMP WITH TIME ZONE"),
                ("frame_id", "VARCHAR"),
                ("data", "BLOB"),
                ("labels", "VARCHAR[]"),
                ("pose", PoseType),
            ],
            chunkTypes, "images");

        // timestamp<ns, "UTC"> becomes TIMESTAMP WITH TIME ZONE, which DuckDB holds in
        // microseconds: the nanoseconds below a microsecond are cut off.
        var inPlaceNanoseconds = (inPlaceStamp - DateTimeOffset.UnixEpoch).Ticks * 100;
        DuckDbTable.AssertAnswers(_duckDb,
            "SELECT width, height, step, encoding, epoch_ns(stamp), frame_id, octet_length(data), hex(data), " +
            "len(labels), array_to_string(labels, '|'), pose IS NULL, pose.position.x, pose.position.y, pose.position.z, " +
            "pose.orientation.z, pose.orientation.w FROM images ORDER BY rowid",
            [
                [640L, 480L, 1920L, 0L, 1_700_000_000_123_456_000L, "camera/left", 6L, "FF000000FF00", 2L, "cat|sofa", "false", 1.0, 2.0, 3.0, 0.5, 1.0],
                [2L, 1L, 4L, 3L, 1_700_000_001_000_000_000L, "kamera/größe 🎥", 0L, "", 0L, "", "true", null, null, null, null, null],
                [(long)uint.MaxValue, 0L, 7L, 200L, 0L, "", 1000L, Convert.ToHexString(rows[2].Data.Span), 2L, "|x", "false", -1.5, 0.25, 1e300, 0.5, 1.0],
                [4L, 2L, 12L, 4L, inPlaceNanoseconds, inPlaceFrame, 24L, Convert.ToHexString(inPlacePixels), 1L, "in place", "true", null, null, null, null, null],
            ]);
        DuckDbTable.AssertAnswers(_duckDb,
            "SELECT count(*), sum(width), max(width), min(height), sum(octet_length(data)), sum(len(labels)), " +
            "count(pose), sum(pose.position.x), max(epoch_ns(stamp)), count(DISTINCT encoding), sum(strlen(frame_id)), sum(length(frame_id)) FROM images",
            [
                [4L, 640L + 2 + uint.MaxValue + 4, (long)uint.MaxValue, 0L, 6L + 0 + 1000 + 24, 2L + 0 + 2 + 1, 2L, -0.5, inPlaceNanoseconds, 4L,
                    rows.Sum(r => (long)Utf8Length(r.FrameId)) + inPlaceFrame.Length,
                    rows.Sum(r => (long)r.FrameId.EnumerateRunes().Count()) + inPlaceFrame.Length],
            ]);
        AssertReleasedOnceAfterClose(released);
    }

    [Fact]
    public void Detections_keep_their_list_of_nested_messages_and_their_duration()
    {
        Perception.Detections.Value[] rows =
        [
            new()
            {
                Stamp = 1_700_000_000_000_000_000, FrameId = "cam0", Latency = 1500,
                Detections_ =
                [
                    new() { Label = "person", Class = 1, Score = 0.875f, Box = BoxOf(10, 20, 110.5f, 220.25f), Position = new Geometry.Vector3.Value { X = 1, Y = 2, Z = 3 }, TrackId = 42 },
                    new() { Label = "chair", Class = 56, Score = 0.5f, Box = BoxOf(0, 0, 1, 1) },
                ],
            },
            new() { Stamp = 1_700_000_000_033_000_000, FrameId = "cam0", Latency = 0, Detections_ = [] },
            new()
            {
                Stamp = 1_700_000_000_066_000_000, FrameId = "cam1", Latency = 2_000_000,
                Detections_ = [new() { Label = "смартфон", Class = uint.MaxValue, Score = 1f, Box = BoxOf(-5, -5, 5, 5), TrackId = ulong.MaxValue }],
            },
        ];
        var (released, chunkTypes) = Load("detections", rows.ToBatch());

        // duration<us> becomes INTERVAL. "label" and "class" are quoted: LABEL and CLASS are SQL keywords too.
        AssertColumnTypes(
            [
                ("stamp", "TIMESTAMP WITH TIME ZONE"),
                ("frame_id", "VARCHAR"),
                ("detections",
                    "STRUCT(\"label\" VARCHAR, \"class\" UINTEGER, score FLOAT, box STRUCT(x_min FLOAT, y_min FLOAT, x_max FLOAT, y_max FLOAT), " +
                    $"\"position\" {Vector3Type}, track_id UBIGINT)[]"),
                ("latency", "INTERVAL"),
            ],
            chunkTypes, "detections");

        DuckDbTable.AssertAnswers(_duckDb,
            "SELECT epoch_ns(stamp), frame_id, len(detections), latency::VARCHAR, epoch(latency) FROM detections ORDER BY rowid",
            [
                [1_700_000_000_000_000_000L, "cam0", 2L, "00:00:00.0015", 0.0015],
                [1_700_000_000_033_000_000L, "cam0", 0L, "00:00:00", 0.0],
                [1_700_000_000_066_000_000L, "cam1", 1L, "00:00:02", 2.0],
            ]);
        DuckDbTable.AssertAnswers(_duckDb,
            "SELECT r, i, d.label, d.class, d.score, d.box.x_min, d.box.y_min, d.box.x_max, d.box.y_max, " +
            "d.position IS NULL, d.position.x, d.position.z, d.track_id::VARCHAR " +
            "FROM (SELECT rowid AS r, generate_subscripts(detections, 1) AS i, detections[i] AS d FROM detections) ORDER BY r, i",
            [
                [0L, 1L, "person", 1L, 0.875, 10.0, 20.0, 110.5, 220.25, "false", 1.0, 3.0, "42"],
                [0L, 2L, "chair", 56L, 0.5, 0.0, 0.0, 1.0, 1.0, "true", null, null, null],
                [2L, 1L, "смартфон", (long)uint.MaxValue, 1.0, -5.0, -5.0, 5.0, 5.0, "true", null, null, ulong.MaxValue.ToString(CultureInfo.InvariantCulture)],
            ]);
        DuckDbTable.AssertAnswers(_duckDb,
            "SELECT frame_id, count(*), sum(len(detections)), max(epoch_ns(stamp)), sum(epoch(latency)) FROM detections GROUP BY frame_id ORDER BY frame_id",
            [
                ["cam0", 2L, 2L, 1_700_000_000_033_000_000L, 0.0015],
                ["cam1", 1L, 1L, 1_700_000_000_066_000_000L, 2.0],
            ]);
        AssertReleasedOnceAfterClose(released);
    }

    public void Dispose() => _duckDb.Dispose();

    private static int Utf8Length(string text) => System.Text.Encoding.UTF8.GetByteCount(text);

    private static Perception.BoundingBox2D.Value BoxOf(float xMin, float yMin, float xMax, float yMax) =>
        new() { XMin = xMin, YMin = yMin, XMax = xMax, YMax = yMax };

    private static Geometry.Pose.Value PoseAt(double x, double y, double z) => new()
    {
        Position = new Geometry.Vector3.Value { X = x, Y = y, Z = z },
        Orientation = new Geometry.Quaternion.Value { X = 0, Y = 0, Z = 0.5, W = 1 },
    };

    /// <summary>
    /// Exports <typeparamref name="T"/>'s schema and <paramref name="batch"/> with
    /// <see cref="MessageCData"/> and has DuckDB make table <paramref name="table"/> of them. The
    /// batch is handed over: DuckDB's release of the export disposes it, after the counter.
    /// </summary>
    private (ReleaseCounter Released, List<(string Name, string Type)> ChunkTypes) Load<T>(string table, MessageBatch<T> batch) where T : IMessage<T>
    {
        var released = new ReleaseCounter();
        var schema = (CArrowSchema*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowSchema));
        var array = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        try
        {
            MessageCData.ExportSchema<T>(schema);
            MessageCData.ExportBatch(batch, array, new ReleaseThenDispose(released, batch));
            var chunkTypes = _duckDb.CreateTableFromArrow(table, T.Schema.Fields.Select(f => f.Name).ToList(), schema, array);
            Assert.True(array->release == null, "DuckDB should have moved the exported array out.");
            // Destroying the data chunk released the array.
            Assert.Equal(1, released.Count);
            Assert.True(batch.IsDisposed, "DuckDB's release should have disposed the batch handed over.");
            return (released, chunkTypes);
        }
        finally
        {
            if (array->release != null)
                array->release(array);
            if (schema->release != null)
                schema->release(schema);
            NativeMemory.Free(array);
            NativeMemory.Free(schema);
            batch.Dispose();
        }
    }

    /// <summary>The types of DuckDB's chunk, and of the table made of it, are the expected ones.</summary>
    private void AssertColumnTypes((string Name, string Type)[] expected, List<(string Name, string Type)> chunkTypes, string table)
    {
        Assert.Equal(expected, chunkTypes);
        Assert.Equal(expected, DuckDbTable.Describe(_duckDb, table));
    }

    private void AssertReleasedOnceAfterClose(ReleaseCounter released)
    {
        _duckDb.Dispose();
        Assert.Equal(1, released.Count);
    }

    /// <summary>The export's onReleased: counts the release, then disposes the batch DuckDB took.</summary>
    private sealed class ReleaseThenDispose(ReleaseCounter counter, IDisposable batch) : IDisposable
    {
        public void Dispose()
        {
            counter.Dispose();
            batch.Dispose();
        }
    }
}
