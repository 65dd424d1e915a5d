using System.Globalization;
using System.Runtime.InteropServices;
using Quiver.Arrow.Builders;
using Quiver.Arrow.CData;
using Quiver.Interop.Tests.Tooling;
using Quiver.Messages;
using Vision;
using Quiver.DuckDb;

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

    [Fact]
    public void Every_field_type_of_all_types_keeps_its_type_and_value()
    {
        AllTypes.AllTypes.Value full = new()
        {
            Flag = true, I8 = sbyte.MinValue, I16 = short.MaxValue, I32 = int.MinValue, I64 = long.MaxValue,
            U8 = byte.MaxValue, U16 = ushort.MaxValue, U32 = uint.MaxValue, U64 = ulong.MaxValue,
            F16 = (Half)1.5, F32 = -0.25f, F64 = 1e-300,
            Text = "héllo, 世界 🌍", Blob = Bytes(300, 7), Digest = Bytes(32, 200),
            Ints = Enumerable.Range(-5, 11).ToArray(), Triple = [1.5f, -2f, 0.25f],
            StampS = 1_700_000_000, StampMs = 1_700_000_000_123, StampUs = 1_700_000_000_123_456, StampNs = 1_700_000_000_123_456_789,
            ElapsedS = 90, ElapsedMs = 1500, ElapsedUs = 2_500_000, ElapsedNs = 1_234_567_891,
            Level = AllTypes.Level.High, Levels = [AllTypes.Level.Low, AllTypes.Level.High, AllTypes.Level.Normal, (AllTypes.Level)short.MaxValue],
            Pose = PoseAt(4, 5, 6), Poses = [PoseAt(10, 11, 12), PoseAt(20, 21, 22), PoseAt(30, 31, 32)],
            MaybeInt = 7, MaybeText = "ünïcödé ✓", MaybePose = PoseAt(7, 8, 9), MaybeLevel = AllTypes.Level.Low,
            MaybeList = [1, 2, 3], ListOfMaybe = [1, null, 3, null], MaybeListOfMaybe = ["a", null, "ç"],
            Matrix = [[1, 2, 3], [4, 5, 6]], Tags = [["x", "y"], [], ["日本"]], Digests = [Bytes(16, 1), Bytes(16, 100)],
        };
        AllTypes.AllTypes.Value empty = new()
        {
            Flag = false, I8 = sbyte.MaxValue, I16 = short.MinValue, I32 = int.MaxValue, I64 = long.MinValue,
            F16 = Half.MinValue, F32 = float.MaxValue, F64 = double.MinValue,
            Text = "", Blob = Array.Empty<byte>(), Digest = new byte[32],
            Ints = [], Triple = [float.NaN, float.NegativeInfinity, float.Epsilon],
            StampS = -86_400, StampMs = -1, StampUs = 0, StampNs = -1_000,
            ElapsedMs = -1000,
            Level = AllTypes.Level.Normal, Pose = PoseAt(0, 0, 0),
            ListOfMaybe = [null, null],
        };
        // DuckDB 1.5 has no float16 (see the test below): f16 is left out of the export.
        var (released, chunkTypes) = Load("all_types", new[] { full, empty }.ToBatch(), leftOut: "f16");

        // Derived by hand from schemas/all_types.quiver and the Arrow type each field has
        // (docs/schema-language.md): DuckDB's Arrow conversion keeps every integer's width and
        // sign, makes bytes[N] a plain BLOB but T[N] an ARRAY, keeps
        // timestamp<s> and <ms> in their unit, turns any timestamp with a time zone into
        // TIMESTAMP WITH TIME ZONE (microseconds, the zone name dropped), any duration into
        // INTERVAL, and an enum into its base integer type.
        AssertColumnTypes(
            [
                ("flag", "BOOLEAN"), ("i8", "TINYINT"), ("i16", "SMALLINT"), ("i32", "INTEGER"), ("i64", "BIGINT"),
                ("u8", "UTINYINT"), ("u16", "USMALLINT"), ("u32", "UINTEGER"), ("u64", "UBIGINT"),
                ("f32", "FLOAT"), ("f64", "DOUBLE"),
                ("text", "VARCHAR"), ("blob", "BLOB"), ("digest", "BLOB"), ("ints", "INTEGER[]"), ("triple", "FLOAT[3]"),
                ("stamp_s", "TIMESTAMP_S"), ("stamp_ms", "TIMESTAMP_MS"),
                ("stamp_us", "TIMESTAMP WITH TIME ZONE"), ("stamp_ns", "TIMESTAMP WITH TIME ZONE"),
                ("elapsed_s", "INTERVAL"), ("elapsed_ms", "INTERVAL"), ("elapsed_us", "INTERVAL"), ("elapsed_ns", "INTERVAL"),
                ("level", "SMALLINT"), ("levels", "SMALLINT[]"), ("pose", PoseType), ("poses", PoseType + "[]"),
                ("maybe_int", "INTEGER"), ("maybe_text", "VARCHAR"), ("maybe_pose", PoseType), ("maybe_level", "SMALLINT"),
                ("maybe_list", "INTEGER[]"), ("list_of_maybe", "INTEGER[]"), ("maybe_list_of_maybe", "VARCHAR[]"),
                ("matrix", "DOUBLE[3][]"), ("tags", "VARCHAR[][]"), ("digests", "BLOB[]"),
            ],
            chunkTypes, "all_types");

        DuckDbTable.AssertAnswers(_duckDb,
            "SELECT flag::VARCHAR, i8, i16, i32, i64, u8, u16, u32, u64::VARCHAR, f32, f64, " +
            "text, strlen(text), hex(blob), hex(digest), octet_length(digest) FROM all_types ORDER BY rowid",
            [
                ["true", (long)sbyte.MinValue, (long)short.MaxValue, (long)int.MinValue, long.MaxValue,
                    (long)byte.MaxValue, (long)ushort.MaxValue, (long)uint.MaxValue, ulong.MaxValue.ToString(CultureInfo.InvariantCulture),
                    -0.25, 1e-300, "héllo, 世界 🌍", (long)Utf8Length(full.Text), Convert.ToHexString(full.Blob.Span), Convert.ToHexString(full.Digest.Span), 32L],
                ["false", (long)sbyte.MaxValue, (long)short.MinValue, (long)int.MaxValue, long.MinValue, 0L, 0L, 0L, "0",
                    (double)float.MaxValue, double.MinValue, "", 0L, "", new string('0', 64), 32L],
            ]);
        // Timestamps in seconds and milliseconds are exact; the ones with a zone are microseconds,
        // so timestamp<ns> loses what is below a microsecond, and so does duration<ns>.
        DuckDbTable.AssertAnswers(_duckDb,
            "SELECT len(ints), ints::VARCHAR, triple[1], triple[2], triple[3], " +
            "epoch_ns(stamp_s), epoch_ns(stamp_ms), epoch_ns(stamp_us), epoch_ns(stamp_ns), " +
            "epoch(elapsed_s), epoch(elapsed_ms), epoch(elapsed_us), epoch(elapsed_ns) FROM all_types ORDER BY rowid",
            [
                [11L, "[-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]", 1.5, -2.0, 0.25,
                    1_700_000_000_000_000_000L, 1_700_000_000_123_000_000L, 1_700_000_000_123_456_000L, 1_700_000_000_123_456_000L,
                    90.0, 1.5, 2.5, 1.234567],
                [0L, "[]", double.NaN, double.NegativeInfinity, (double)float.Epsilon,
                    -86_400_000_000_000L, -1_000_000L, 0L, -1_000L,
                    0.0, -1.0, 0.0, 0.0],
            ]);
        DuckDbTable.AssertAnswers(_duckDb,
            "SELECT level, levels::VARCHAR, pose.position.x, pose.orientation.z, len(poses), poses[2].position.y, poses[3].position.z, " +
            "maybe_int, maybe_text, maybe_pose IS NULL, maybe_pose.position.z, maybe_level, " +
            "maybe_list::VARCHAR, list_of_maybe::VARCHAR, len(maybe_list_of_maybe), maybe_list_of_maybe[1], maybe_list_of_maybe[2] IS NULL, maybe_list_of_maybe[3], " +
            "len(matrix), matrix[2][3], len(tags), len(tags[2]), tags[3][1], len(digests), hex(digests[2]) FROM all_types ORDER BY rowid",
            [
                [1L, "[-1, 1, 0, 32767]", 4.0, 0.5, 3L, 21.0, 32.0,
                    7L, "ünïcödé ✓", "false", 9.0, -1L,
                    "[1, 2, 3]", "[1, NULL, 3, NULL]", 3L, "a", "true", "ç",
                    2L, 6.0, 3L, 0L, "日本", 2L, Convert.ToHexString(full.Digests[1].Span)],
                [0L, "[]", 0.0, 0.5, 0L, null, null,
                    null, null, "true", null, null,
                    null, "[NULL, NULL]", null, null, "true", null,
                    0L, null, 0L, null, null, 0L, null],
            ]);
        DuckDbTable.AssertAnswers(_duckDb,
            "SELECT count(*), count(maybe_int), count(maybe_text), count(maybe_pose), count(maybe_list), count(maybe_list_of_maybe), " +
            "sum(len(ints)), sum(list_sum(ints)), sum(len(poses)), max(u32), min(i64), max(octet_length(blob)), sum(flag::INTEGER), " +
            "sum(len(list_filter(list_of_maybe, x -> x IS NULL))) FROM all_types",
            [
                [2L, 1L, 1L, 1L, 1L, 1L, 11L, (long)full.Ints.Sum(), 3L, (long)uint.MaxValue, long.MinValue, 300L, 1L, 4L],
            ]);
        AssertReleasedOnceAfterClose(released);
    }

    [Fact]
    public void DuckDB_refuses_float16_and_the_export_is_still_released_once()
    {
        using var batch = new AllTypes.AllTypes.Value { F16 = (Half)1.5, Pose = PoseAt(0, 0, 0) }.ToBatch();
        var released = new ReleaseCounter();
        var schema = (CArrowSchema*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowSchema));
        var array = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        try
        {
            MessageCData.ExportSchema<AllTypes.AllTypes>(schema);
            MessageCData.ExportBatch(batch, array, released);

            // Arrow's float16 format string is "e"; DuckDB 1.5 has no 16-bit float type.
            var refusal = Assert.Throws<DuckDbException>(() => _duckDb.CreateTableFromArrow(
                "all_types", AllTypes.AllTypes.Schema.Fields.Select(f => f.Name).ToList(), schema, array));
            Assert.Contains("Unsupported Internal Arrow Type e", refusal.Message);
            Assert.True(array->release != null, "DuckDB refused the schema, so it never took the array.");
            Assert.Equal(0, released.Count);
            array->release(array);
            Assert.Equal(1, released.Count);
        }
        finally
        {
            ExportedStructs.ReleaseAndFree(schema, array);
        }
        _duckDb.Dispose();
        Assert.Equal(1, released.Count);
    }

    public void Dispose() => _duckDb.Dispose();

    private static byte[] Bytes(int length, byte start) => Enumerable.Range(0, length).Select(i => (byte)(start + i)).ToArray();

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
    /// batch is handed over: DuckDB's release of the export disposes it, after the counter. With
    /// <paramref name="leftOut"/>, the batch is exported without that column (with the
    /// CArrowSchemaExporter and CArrowArrayExporter MessageCData calls), for a type DuckDB refuses.
    /// </summary>
    private (ReleaseCounter Released, List<(string Name, string Type)> ChunkTypes) Load<T>(
        string table, MessageBatch<T> batch, string? leftOut = null) where T : IMessage<T>
    {
        var released = new ReleaseCounter();
        var schema = (CArrowSchema*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowSchema));
        var array = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        try
        {
            var onReleased = new ReleaseThenDispose(released, batch);
            Arrow.Schema exported;
            if (leftOut is null)
            {
                exported = T.Schema;
                MessageCData.ExportSchema<T>(schema);
                MessageCData.ExportBatch(batch, array, onReleased);
            }
            else
            {
                var kept = Enumerable.Range(0, T.Schema.Fields.Count).Where(i => T.Schema.Fields[i].Name != leftOut).ToList();
                Assert.Equal(T.Schema.Fields.Count - 1, kept.Count);
                exported = new Arrow.Schema(kept.Select(i => T.Schema.Fields[i]), T.Schema.Metadata);
                // The projection borrows the columns of the batch, which stays alive until DuckDB releases the export.
                var projection = new Arrow.RecordBatch(exported, kept.Select(i => batch.RecordBatch.Column(i)), batch.Count);
                CArrowSchemaExporter.ExportSchema(exported, schema);
                CArrowArrayExporter.ExportRecordBatch(projection, array, onReleased);
            }
            var chunkTypes = _duckDb.CreateTableFromArrow(table, exported.Fields.Select(f => f.Name).ToList(), schema, array);
            Assert.True(array->release == null, "DuckDB should have moved the exported array out.");
            // Destroying the data chunk released the array.
            Assert.Equal(1, released.Count);
            Assert.True(batch.IsDisposed, "DuckDB's release should have disposed the batch handed over.");
            return (released, chunkTypes);
        }
        finally
        {
            ExportedStructs.ReleaseAndFree(schema, array);
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
