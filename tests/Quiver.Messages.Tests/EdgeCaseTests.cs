using Edge.Cases;

namespace Quiver.Messages.Tests;

/// <summary>Round trips of <c>tests/Quiver.Messages.Tests/schemas/edge_cases.quiver</c>: colliding names and unusual nesting.</summary>
public class EdgeCaseTests
{
    private static Edge.Cases.Edge.Value Sample() => new()
    {
        Name = "n",
        NameUtf8 = 7,
        HasTag = true,
        Tag = null,
        Append = 1,
        Writer_ = 2,
        Edge_ = 3,
        Flags = [true, false, true, true, false, false, false, false, true],
        MaybeFlags = [null, true, false],
        Halves = [(Half)1.5, Half.NegativeInfinity],
        Stamps = [0, -1, long.MaxValue],
        Waits = [5, null],
        Colors = [Color.Max, null, Color.Red],
        Points = [new Point.Value { X = 1, Y = 2 }, null],
        Corners = [new Point.Value { X = -1 }, new Point.Value { Y = -2 }],
        Cube = [[[1, 2], []], [], [[3]]],
        Blobs = [new byte[] { 1 }, null, Array.Empty<byte>()],
        Words = ["a", "β"],
        FixedMaybe = [sbyte.MinValue, null, sbyte.MaxValue],
    };

    [Fact]
    public void Colliding_names_get_a_trailing_underscore_and_read_back()
    {
        using var batch = Sample().ToBatch();
        var e = batch[0];

        Assert.Equal("n", e.Name);
        Assert.Equal("n"u8.ToArray(), e.NameUtf8_.ToArray());
        Assert.Equal(7, e.NameUtf8);
        Assert.True(e.HasTag);
        Assert.Null(e.Tag);
        Assert.False(e.HasTag_);
        Assert.Equal(1, e.Append);
        Assert.Equal(2, e.Writer_);
        Assert.Equal(3, e.Edge_);
    }

    [Fact]
    public void Unusual_nesting_reads_back()
    {
        using var batch = new[] { Sample(), Sample() with { Corners = null, Cube = [], Words = ["", ""] } }.ToBatch();
        var e = batch[0];

        Assert.Equal([true, false, true, true, false, false, false, false, true], e.Flags);
        Assert.Equal([null, true, false], e.MaybeFlags);
        Assert.Equal([(Half)1.5, Half.NegativeInfinity], e.Halves.ToArray());
        Assert.Equal([0, -1, long.MaxValue], e.Stamps.ToArray());
        Assert.Equal([5L, null], e.Waits);
        Assert.Equal([Color.Max, null, Color.Red], e.Colors);
        Assert.Equal(18446744073709551615UL, (ulong)e.Colors[0]!.Value);
        Assert.Equal(2, e.Points[0]!.Value.Y);
        Assert.Null(e.Points[1]);
        Assert.True(e.HasCorners);
        Assert.Equal(-2, e.Corners!.Value[1].Y);
        Assert.Equal([[[1, 2], []], [], [[3]]], e.Cube.Select(plane => plane.Select(row => row.ToArray()).ToArray()).ToArray());
        Assert.Equal([1], e.Blobs[0]!.Value.ToArray());
        Assert.Null(e.Blobs[1]);
        Assert.True(e.Blobs[2]!.Value.IsEmpty);
        Assert.Equal(["a", "β"], e.Words);
        Assert.Equal([sbyte.MinValue, null, sbyte.MaxValue], e.FixedMaybe);
        Assert.False(batch[1].HasCorners);
        Assert.Null(batch[1].Corners);
        Assert.Empty(batch[1].Cube);
        Assert.Equal(["", ""], batch[1].Words);
    }

    [Fact]
    public void ToValue_round_trips_unusual_nesting()
    {
        using var batch = Sample().ToBatch();

        var copy = batch[0].ToValue();

        var original = Sample();
        Assert.Equal(original.Flags, copy.Flags);
        Assert.Equal(original.Waits, copy.Waits);
        Assert.Equal(original.Colors, copy.Colors);
        Assert.Equal(original.Points, copy.Points);
        Assert.Equal(original.Corners, copy.Corners);
        Assert.Equal(original.Cube, copy.Cube);
        Assert.Equal(original.Blobs.Select(b => b?.ToArray()), copy.Blobs.Select(b => b?.ToArray()));
        Assert.Equal(original.Words, copy.Words);
        Assert.Equal(original.FixedMaybe, copy.FixedMaybe);
        Assert.Equal(original.Empty, copy.Empty);
    }

    [Fact]
    public void A_message_without_fields_has_rows_and_no_columns()
    {
        using var batch = new[] { new Empty.Value(), new Empty.Value() }.ToBatch();

        Assert.Equal(2, batch.Count);
        Assert.Empty(Empty.Schema.Fields);
        Assert.Equal(new Empty.Value(), batch[1].ToValue());
    }

    [Fact]
    public void Nullable_payloads_stay_null_or_present_through_a_copy()
    {
        using var batch = new[]
        {
            new MaybeBytes.Value(),
            new MaybeBytes.Value { Blob = Array.Empty<byte>(), Digest = new byte[] { 1, 2, 3, 4 } },
        }.ToBatch();

        Assert.False(batch[0].HasBlob);
        Assert.True(batch[0].Blob.IsEmpty);
        Assert.True(batch[0].Digest.IsEmpty);
        Assert.True(batch[1].HasBlob);
        Assert.Equal([1, 2, 3, 4], batch[1].Digest.ToArray());
        var nulls = batch[0].ToValue();
        var present = batch[1].ToValue();
        Assert.Null(nulls.Blob);
        Assert.Null(nulls.Digest);
        Assert.NotNull(present.Blob);
        Assert.True(present.Blob.Value.IsEmpty);
        Assert.Equal([1, 2, 3, 4], present.Digest!.Value.ToArray());
    }
}
