using AllTypes;
using Geometry;

namespace Quiver.Messages.Tests;

public class RoundTripTests
{
    private static MessageBatch<AllTypes.AllTypes> Write(params AllTypes.AllTypes.Value[] rows) => rows.ToBatch();

    [Fact]
    public void Minimum_values_read_back_as_written()
    {
        using var batch = Write(AllTypesSamples.Minimum());
        var m = batch[0];

        Assert.False(m.Flag);
        Assert.Equal(sbyte.MinValue, m.I8);
        Assert.Equal(short.MinValue, m.I16);
        Assert.Equal(int.MinValue, m.I32);
        Assert.Equal(long.MinValue, m.I64);
        Assert.Equal(byte.MinValue, m.U8);
        Assert.Equal(ushort.MinValue, m.U16);
        Assert.Equal(uint.MinValue, m.U32);
        Assert.Equal(ulong.MinValue, m.U64);
        Assert.Equal(Half.MinValue, m.F16);
        Assert.Equal(float.MinValue, m.F32);
        Assert.Equal(double.MinValue, m.F64);
        Assert.Equal("", m.Text);
        Assert.True(m.TextUtf8.IsEmpty);
        Assert.True(m.Blob.IsEmpty);
        Assert.Equal(new byte[32], m.Digest.ToArray());
        Assert.True(m.Ints.IsEmpty);
        Assert.Equal([float.NegativeInfinity, -0f, float.Epsilon], m.Triple.ToArray());
        Assert.True(float.IsNegative(m.Triple[1]));
        Assert.Equal(long.MinValue, m.StampS);
        Assert.Equal(long.MinValue, m.StampNs);
        Assert.Equal(long.MinValue, m.ElapsedSRaw);
        Assert.Equal(long.MinValue, m.ElapsedNsRaw);
        Assert.Equal(Level.Low, m.Level);
        Assert.True(m.Levels.IsEmpty);
        Assert.Equal(double.MinValue, m.Pose.Position.X);
        Assert.Equal(-double.MinValue, m.Pose.Position.Y);
        Assert.Equal(1.0, m.Pose.Orientation.W);
        Assert.Empty(m.Poses);
        Assert.Equal(int.MinValue, m.MaybeInt);
        Assert.Equal("", m.MaybeText);
        Assert.True(m.HasMaybeText);
        Assert.True(m.HasMaybePose);
        Assert.Equal(0.0, m.MaybePose!.Value.Position.X);
        Assert.Equal(Level.Low, m.MaybeLevel);
        Assert.True(m.HasMaybeList);
        Assert.True(m.MaybeList.IsEmpty);
        Assert.Empty(m.ListOfMaybe);
        Assert.Empty(m.MaybeListOfMaybe!.Value);
        Assert.Empty(m.Matrix);
        Assert.Empty(m.Tags);
        Assert.Empty(m.Digests);
    }

    [Fact]
    public void Maximum_values_long_lists_and_unicode_read_back_as_written()
    {
        using var batch = Write(AllTypesSamples.Maximum());
        var m = batch[0];

        Assert.True(m.Flag);
        Assert.Equal(sbyte.MaxValue, m.I8);
        Assert.Equal(short.MaxValue, m.I16);
        Assert.Equal(int.MaxValue, m.I32);
        Assert.Equal(long.MaxValue, m.I64);
        Assert.Equal(byte.MaxValue, m.U8);
        Assert.Equal(ushort.MaxValue, m.U16);
        Assert.Equal(uint.MaxValue, m.U32);
        Assert.Equal(ulong.MaxValue, m.U64);
        Assert.Equal(Half.MaxValue, m.F16);
        Assert.Equal(float.MaxValue, m.F32);
        Assert.Equal(double.MaxValue, m.F64);
        Assert.Equal("héllo, 世界 🌍", m.Text);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("héllo, 世界 🌍"), m.TextUtf8.ToArray());
        Assert.Equal(AllTypesSamples.Bytes(100_000, 7), m.Blob.ToArray());
        Assert.Equal(AllTypesSamples.Bytes(32, 200), m.Digest.ToArray());
        Assert.Equal(100_000, m.Ints.Length);
        Assert.Equal(-50_000, m.Ints[0]);
        Assert.Equal(49_999, m.Ints[^1]);
        Assert.Equal(1.5f, m.Triple[0]);
        Assert.True(float.IsNaN(m.Triple[1]));
        Assert.Equal(long.MaxValue, m.StampS);
        Assert.Equal(long.MaxValue, m.StampMs);
        Assert.Equal(long.MaxValue, m.StampUs);
        Assert.Equal(long.MaxValue, m.StampNs);
        Assert.Equal(long.MaxValue, m.ElapsedMsRaw);
        Assert.Equal(long.MaxValue, m.ElapsedUsRaw);
        Assert.Equal(Level.High, m.Level);
        Assert.Equal([Level.High, Level.Low, (Level)short.MaxValue, Level.Normal], m.Levels.ToArray());
        Assert.Equal(double.MaxValue, m.Pose.Position.X);
        Assert.Equal(1000, m.Poses.Count);
        Assert.Equal(999.0, m.Poses[999].Position.X);
        Assert.Equal(-999.0, m.Poses[999].Position.Y);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (double)i), m.Poses.Select(p => p.Orientation.Z));
        Assert.Equal("ünïcödé ✓", m.MaybeText);
        Assert.Equal(3.0, m.MaybePose!.Value.Position.X);
        Assert.Equal(Level.High, m.MaybeLevel);
        Assert.Equal([1, 2, 3], m.MaybeList.ToArray());
        Assert.Equal([1, null, 3, null], m.ListOfMaybe.ToArray());
        Assert.Equal(["a", null, "ç"], (IEnumerable<string?>)m.MaybeListOfMaybe!.Value);
        Assert.Equal(2, m.Matrix.Count);
        Assert.Equal([4.0, 5.0, 6.0], m.Matrix[1].Span.ToArray());
        Assert.Equal([["x", "y"], [], ["日本"]], m.Tags.Select(t => t.ToArray()).ToArray());
        Assert.Equal(AllTypesSamples.Bytes(16, 100), m.Digests[1].ToArray());
    }

    [Fact]
    public void Timestamps_and_durations_have_typed_accessors()
    {
        var stamp = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567);
        var unixNs = (stamp - DateTimeOffset.UnixEpoch).Ticks * 100;
        using var batch = Write(AllTypesSamples.Minimum() with
        {
            StampNs = unixNs,
            StampS = 86_400,
            ElapsedMs = 1500,
            ElapsedNs = 2_000_000_300,
        });
        var m = batch[0];

        Assert.Equal(stamp, m.StampNsAsDateTimeOffset);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), m.StampSAsDateTimeOffset);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), m.ElapsedMs);
        Assert.Equal(TimeSpan.FromSeconds(2) + TimeSpan.FromTicks(3), m.ElapsedNs);
        Assert.Equal(2_000_000_300, m.ElapsedNsRaw);
    }

    [Fact]
    public void Nulls_read_back_as_null()
    {
        using var batch = Write(AllTypesSamples.Nulls());
        var m = batch[0];

        Assert.Null(m.MaybeInt);
        Assert.Null(m.MaybeText);
        Assert.False(m.HasMaybeText);
        Assert.True(m.MaybeTextUtf8.IsEmpty);
        Assert.Null(m.MaybePose);
        Assert.False(m.HasMaybePose);
        Assert.Null(m.MaybeLevel);
        Assert.False(m.HasMaybeLevel);
        Assert.False(m.HasMaybeList);
        Assert.True(m.MaybeList.IsEmpty);
        Assert.Equal([null, null], m.ListOfMaybe.ToArray());
        Assert.Null(m.MaybeListOfMaybe);
        Assert.False(m.HasMaybeListOfMaybe);
    }

    [Fact]
    public void Row_i_of_a_batch_reads_row_i()
    {
        using var batch = Write(AllTypesSamples.Minimum(), AllTypesSamples.Nulls(), AllTypesSamples.Maximum());

        Assert.Equal(3, batch.Count);
        Assert.Equal(int.MinValue, batch[0].I32);
        Assert.Null(batch[1].MaybeInt);
        Assert.Equal(int.MaxValue, batch[2].I32);
        Assert.Equal("ünïcödé ✓", batch[2].MaybeText);
        Assert.Equal(1000, batch[2].Poses.Count);
        Assert.Empty(batch[0].Poses);
        Assert.Equal([1, null, 3, null], batch[2].ListOfMaybe.ToArray());
        Assert.Equal([null, null], batch[1].ListOfMaybe.ToArray());
        Assert.Equal([int.MinValue, int.MinValue, int.MaxValue], batch.Select(m => m.I32));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch[3]);
    }

    [Fact]
    public void ToValue_is_a_deep_copy_that_round_trips()
    {
        var original = AllTypesSamples.Maximum();
        AllTypes.AllTypes.Value copy;
        using (var batch = Write(original))
            copy = batch[0].ToValue();

        using var again = Write(copy);
        var m = again[0];
        Assert.Equal(original.Text, copy.Text);
        Assert.Equal(original.Blob.ToArray(), copy.Blob.ToArray());
        Assert.Equal(original.Ints, copy.Ints);
        Assert.Equal(original.Levels, copy.Levels);
        Assert.Equal(original.Poses.Length, copy.Poses.Length);
        Assert.Equal(original.Poses[500], copy.Poses[500]);
        Assert.Equal(original.ListOfMaybe, copy.ListOfMaybe);
        Assert.Equal(original.MaybeListOfMaybe, copy.MaybeListOfMaybe);
        Assert.Equal(original.Matrix, copy.Matrix);
        Assert.Equal(original.Tags, copy.Tags);
        Assert.Equal(original.Digests.Select(d => d.ToArray()), copy.Digests.Select(d => d.ToArray()));
        Assert.Equal(original.Pose, copy.Pose);
        Assert.Equal(original.MaybePose, copy.MaybePose);
        Assert.Equal(long.MaxValue, copy.ElapsedNs);
        Assert.Equal(original.U64, m.U64);
        Assert.Equal(original.F16, m.F16);
    }

    [Fact]
    public void ToValue_of_nulls_keeps_them_null()
    {
        using var batch = Write(AllTypesSamples.Nulls());

        var copy = batch[0].ToValue();

        Assert.Null(copy.MaybeInt);
        Assert.Null(copy.MaybeText);
        Assert.Null(copy.MaybePose);
        Assert.Null(copy.MaybeLevel);
        Assert.Null(copy.MaybeList);
        Assert.Null(copy.MaybeListOfMaybe);
        Assert.Equal([null, null], copy.ListOfMaybe);
    }

    [Fact]
    public void A_fixed_size_list_of_the_wrong_length_is_refused()
    {
        var value = AllTypesSamples.Minimum() with { Triple = [1f, 2f] };

        var error = Assert.Throws<ArgumentException>(() => value.ToBatch());
        Assert.Contains("triple", error.Message);
    }

    [Fact]
    public void A_digest_of_the_wrong_width_is_refused()
    {
        var value = AllTypesSamples.Minimum() with { Digest = new byte[31] };

        var error = Assert.Throws<ArgumentException>(() => value.ToBatch());
        Assert.Contains("exactly 32 bytes, not 31", error.Message);
    }

    [Fact]
    public void Writing_into_a_caller_target_uses_that_memory()
    {
        var value = new Vector3.Value { X = 1, Y = 2, Z = 3 };
        var layout = value.PlanLayout();
        var target = new byte[layout.BodyLength + 64];

        var finished = value.WriteTo(target.AsMemory(64));

        Assert.Equal(layout.BodyLength, finished.BodyLength);
        Assert.Equal(1.0, BitConverter.ToDouble(target, 64 + (int)layout.Buffers[1].Offset));
        using var batch = new MessageBatch<Vector3>(finished.Batch);
        Assert.Equal(3.0, batch[0].Z);
    }
}
