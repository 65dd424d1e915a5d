using AllTypes;
using Geometry;

namespace Quiver.Messages.Tests;

/// <summary>Rows of <c>all_types.AllTypes</c> that together reach every edge: minimum, maximum, empty, null, long, unicode.</summary>
internal static class AllTypesSamples
{
    public static Pose.Value Pose(double seed) => new()
    {
        Position = new Vector3.Value { X = seed, Y = -seed, Z = seed * 2 },
        Orientation = new Quaternion.Value { X = 0, Y = 0, Z = seed, W = 1 },
    };

    public static byte[] Bytes(int length, byte start) => Enumerable.Range(0, length).Select(i => (byte)(start + i)).ToArray();

    /// <summary>Every field at its minimum, every nullable present, lists empty.</summary>
    public static AllTypes.AllTypes.Value Minimum() => new()
    {
        Flag = false,
        I8 = sbyte.MinValue,
        I16 = short.MinValue,
        I32 = int.MinValue,
        I64 = long.MinValue,
        U8 = byte.MinValue,
        U16 = ushort.MinValue,
        U32 = uint.MinValue,
        U64 = ulong.MinValue,
        F16 = Half.MinValue,
        F32 = float.MinValue,
        F64 = double.MinValue,
        Text = "",
        Blob = Array.Empty<byte>(),
        Digest = new byte[32],
        Ints = [],
        Triple = [float.NegativeInfinity, -0f, float.Epsilon],
        StampS = long.MinValue,
        StampMs = long.MinValue,
        StampUs = long.MinValue,
        StampNs = long.MinValue,
        ElapsedS = long.MinValue,
        ElapsedMs = long.MinValue,
        ElapsedUs = long.MinValue,
        ElapsedNs = long.MinValue,
        Level = Level.Low,
        Levels = [],
        Pose = Pose(double.MinValue),
        Poses = [],
        MaybeInt = int.MinValue,
        MaybeText = "",
        MaybePose = Pose(0),
        MaybeLevel = Level.Low,
        MaybeList = [],
        ListOfMaybe = [],
        MaybeListOfMaybe = [],
        Matrix = [],
        Tags = [],
        Digests = [],
    };

    /// <summary>Every field at its maximum, long lists, unicode text.</summary>
    public static AllTypes.AllTypes.Value Maximum() => new()
    {
        Flag = true,
        I8 = sbyte.MaxValue,
        I16 = short.MaxValue,
        I32 = int.MaxValue,
        I64 = long.MaxValue,
        U8 = byte.MaxValue,
        U16 = ushort.MaxValue,
        U32 = uint.MaxValue,
        U64 = ulong.MaxValue,
        F16 = Half.MaxValue,
        F32 = float.MaxValue,
        F64 = double.MaxValue,
        Text = "héllo, 世界 🌍",
        Blob = Bytes(100_000, 7),
        Digest = Bytes(32, 200),
        Ints = Enumerable.Range(-50_000, 100_000).ToArray(),
        Triple = [1.5f, float.NaN, float.PositiveInfinity],
        StampS = long.MaxValue,
        StampMs = long.MaxValue,
        StampUs = long.MaxValue,
        StampNs = long.MaxValue,
        ElapsedS = long.MaxValue,
        ElapsedMs = long.MaxValue,
        ElapsedUs = long.MaxValue,
        ElapsedNs = long.MaxValue,
        Level = Level.High,
        Levels = [Level.High, Level.Low, (Level)short.MaxValue, Level.Normal],
        Pose = Pose(double.MaxValue),
        Poses = Enumerable.Range(0, 1000).Select(i => Pose(i)).ToArray(),
        MaybeInt = int.MaxValue,
        MaybeText = "ünïcödé ✓",
        MaybePose = Pose(3),
        MaybeLevel = Level.High,
        MaybeList = [1, 2, 3],
        ListOfMaybe = [1, null, 3, null],
        MaybeListOfMaybe = ["a", null, "ç"],
        Matrix = [[1, 2, 3], [4, 5, 6]],
        Tags = [["x", "y"], [], ["日本"]],
        Digests = [Bytes(16, 1), Bytes(16, 100)],
    };

    /// <summary>Every nullable field null.</summary>
    public static AllTypes.AllTypes.Value Nulls() => Minimum() with
    {
        MaybeInt = null,
        MaybeText = null,
        MaybePose = null,
        MaybeLevel = null,
        MaybeList = null,
        ListOfMaybe = [null, null],
        MaybeListOfMaybe = null,
    };
}
