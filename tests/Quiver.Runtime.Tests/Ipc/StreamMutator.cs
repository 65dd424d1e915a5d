using System.Buffers.Binary;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// Makes deterministic mutants of a byte array: bit flips, random bytes, truncation, inserted
/// and deleted bytes, and int32/int64 fields set to extreme values. Half of the positions are
/// drawn from the <paramref name="hotRegions"/> (the flatbuffer metadata, where a flip changes
/// the structure rather than a value).
/// </summary>
internal sealed class StreamMutator(byte[] original, (int Start, int End)[] hotRegions)
{
    private static readonly int[] ExtremeInt32 = [0, 1, -1, 2, 4, 7, 8, -8, 16, 255, 256, 0xFFFF, 0x10000, int.MaxValue, int.MinValue, int.MaxValue - 7, 0x4000_0000];
    private static readonly long[] ExtremeInt64 = [0, 1, -1, 8, -8, 64, int.MaxValue, (long)int.MaxValue + 1, uint.MaxValue, long.MaxValue, long.MinValue, long.MaxValue - 7, 1L << 40];

    public (byte[] Bytes, string Description) Mutate(Random random)
    {
        switch (random.Next(8))
        {
            case 0:
            {
                var at = Position(random);
                var bit = random.Next(8);
                var bytes = (byte[])original.Clone();
                bytes[at] ^= (byte)(1 << bit);
                return (bytes, $"flip bit {bit} of byte {at}");
            }
            case 1:
            {
                var bytes = (byte[])original.Clone();
                var count = random.Next(1, 5);
                for (var i = 0; i < count; i++)
                    bytes[Position(random)] = (byte)random.Next(256);
                return (bytes, $"set {count} random bytes");
            }
            case 2:
            {
                var length = random.Next(original.Length);
                return (original[..length], $"truncate to {length} bytes");
            }
            case 3:
            {
                var at = Position(random);
                var inserted = new byte[random.Next(1, 9)];
                random.NextBytes(inserted);
                return ([.. original[..at], .. inserted, .. original[at..]], $"insert {inserted.Length} bytes at {at}");
            }
            case 4:
            {
                var at = Position(random);
                var count = Math.Min(random.Next(1, 9), original.Length - at);
                return ([.. original[..at], .. original[(at + count)..]], $"delete {count} bytes at {at}");
            }
            case 5 or 6:
            {
                var at = Position(random) & ~3;
                if (at + 4 > original.Length)
                    at = original.Length - 4;
                var value = ExtremeInt32[random.Next(ExtremeInt32.Length)];
                var bytes = (byte[])original.Clone();
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), value);
                return (bytes, $"int32 at {at} = {value}");
            }
            default:
            {
                var at = Position(random) & ~7;
                if (at + 8 > original.Length)
                    at = original.Length - 8 & ~7;
                var value = ExtremeInt64[random.Next(ExtremeInt64.Length)];
                var bytes = (byte[])original.Clone();
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), value);
                return (bytes, $"int64 at {at} = {value}");
            }
        }
    }

    private int Position(Random random)
    {
        if (hotRegions.Length > 0 && random.Next(2) == 0)
        {
            var (start, end) = hotRegions[random.Next(hotRegions.Length)];
            return random.Next(start, end);
        }
        return random.Next(original.Length);
    }
}
