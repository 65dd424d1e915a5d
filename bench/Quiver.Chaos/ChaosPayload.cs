using System.Buffers.Binary;

namespace Quiver.Chaos;

/// <summary>
/// What every chaos sample holds, derived from the run's seed, the publishing process and the
/// sequence alone, so a subscriber that joins at any point (or a new publisher) needs no history.
/// bench/python/chaos_subscriber.py computes the same; change both together.
/// <list type="bullet">
/// <item>Length: 64 B to 4 MiB, 70 % up to 1 KiB, 25 % up to 64 KiB, 4.5 % up to 1 MiB, 0.5 % up to 4 MiB.</item>
/// <item>Content: little-endian 64-bit words <c>base + offset * Step</c> (mod 2^64), where
/// <c>base = seed + publisher pid * PublisherStep + sequence * SequenceStep</c>, at every 8-byte
/// offset of a sample up to 4 KiB and at the start of every 4 KiB page of a larger one (a slot
/// reused too early or a wrong mapping changes every page; reading every byte would cost
/// terabytes over a long run), words ending at or before length - 8, and the last 8 bytes.</item>
/// </list>
/// </summary>
public static class ChaosPayload
{
    public const int MinLength = 64;
    public const int MaxLength = 4 << 20;
    private const int FullCheckUpTo = 4096;
    private const int PageStride = 4096;
    private const ulong SequenceStep = 0x9E3779B97F4A7C15;
    private const ulong PublisherStep = 0xBF58476D1CE4E5B9;
    private const ulong Step = 0x94D049BB133111EB;

    public static int LengthOf(ulong seed, int publisherPid, ulong sequence)
    {
        ulong draw = SplitMix(Base(seed, publisherPid, sequence));
        ulong size = draw >> 16;
        return (draw % 1000) switch
        {
            < 700 => Between(size, MinLength, 1 << 10),
            < 950 => Between(size, (1 << 10) + 1, 64 << 10),
            < 995 => Between(size, (64 << 10) + 1, 1 << 20),
            _ => Between(size, (1 << 20) + 1, MaxLength),
        };
    }

    public static void Fill(Span<byte> sample, ulong seed, int publisherPid, ulong sequence)
    {
        ulong first = Base(seed, publisherPid, sequence);
        int stride = Stride(sample.Length);
        for (int offset = 0; offset <= sample.Length - 16; offset += stride)
            BinaryPrimitives.WriteUInt64LittleEndian(sample[offset..], Word(first, offset));
        BinaryPrimitives.WriteUInt64LittleEndian(sample[^8..], Word(first, sample.Length - 8));
    }

    /// <summary>True if <paramref name="sample"/> has the length and the words <see cref="Fill"/> gives it.</summary>
    public static bool Matches(ReadOnlySpan<byte> sample, ulong seed, int publisherPid, ulong sequence)
    {
        if (sample.Length != LengthOf(seed, publisherPid, sequence))
            return false;
        ulong first = Base(seed, publisherPid, sequence);
        int stride = Stride(sample.Length);
        for (int offset = 0; offset <= sample.Length - 16; offset += stride)
        {
            if (BinaryPrimitives.ReadUInt64LittleEndian(sample[offset..]) != Word(first, offset))
                return false;
        }
        return BinaryPrimitives.ReadUInt64LittleEndian(sample[^8..]) == Word(first, sample.Length - 8);
    }

    private static int Stride(int length) => length <= FullCheckUpTo ? 8 : PageStride;

    private static ulong Base(ulong seed, int publisherPid, ulong sequence) =>
        unchecked(seed + (ulong)publisherPid * PublisherStep + sequence * SequenceStep);

    private static ulong Word(ulong first, int offset) => unchecked(first + (ulong)offset * Step);

    private static int Between(ulong draw, int low, int high) => low + (int)(draw % (ulong)(high - low + 1));

    /// <summary>SplitMix64's finaliser: every input bit moves every output bit, so neighbouring sequences draw unrelated lengths.</summary>
    private static ulong SplitMix(ulong value)
    {
        unchecked
        {
            value += 0x9E3779B97F4A7C15;
            value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9;
            value = (value ^ (value >> 27)) * 0x94D049BB133111EB;
            return value ^ (value >> 31);
        }
    }
}
