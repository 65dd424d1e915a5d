using System.Buffers.Binary;
using Quiver.SharedMemory;

namespace Quiver.Transport.TestPeer;

/// <summary>
/// Issue 4's soak, shared by the test (SoakTests, with Quiver.Transport.TestPeer as the
/// subscribers) and the transport bench's <c>--soak</c>: samples of 64 B to 1 MiB drawn from a
/// seeded generator (60 % under 1 KiB, 30 % under 64 KiB, 10 % up to 1 MiB), paced so no
/// subscriber's queue ever fills, with the resident set (and the publisher's segment count) taken
/// after every <see cref="CheckpointEvery"/> samples on both sides, while still connected.
/// </summary>
public static class MixedSoak
{
    public const int CheckpointEvery = 100_000;
    private const int Seed = 1;
    private const int PaceEvery = 128;

    /// <summary>
    /// Twice <see cref="PaceEvery"/> samples is the most ever in flight, so a queue of that depth
    /// never fills and every sample reaches every subscriber.
    /// </summary>
    public static PublisherOptions Options(TransportLog? log) => new()
    {
        Pool = new SampleAllocatorOptions { SegmentSize = 16 << 20, MaxSegments = 8 },
        WhenExhausted = ExhaustionPolicy.Block,
        BlockTimeout = TimeSpan.FromSeconds(60),
        QueueDepth = 2 * PaceEvery,
        HeldWarningAfter = Timeout.InfiniteTimeSpan,
        Log = log,
    };

    /// <summary>
    /// Sends <paramref name="messages"/> samples of mixed lengths, each stamped with its sequence,
    /// and returns the checkpoints taken after <see cref="CheckpointEvery"/> samples, twice that, ...
    /// The publisher must be this topic's only sender, fresh, with its subscribers connected.
    /// </summary>
    public static List<PublisherCheckpoint> Publish(Publisher publisher, int messages)
    {
        var lengths = new Random(Seed);
        var checkpoints = new List<PublisherCheckpoint>();
        for (int i = 0; i < messages; i++)
        {
            if (i % PaceEvery == 0 && !publisher.WaitForInFlight(PaceEvery, TimeSpan.FromSeconds(60)))
                throw new TimeoutException($"The subscribers stopped releasing samples after {i} were sent.");
            ulong sequence = (ulong)i + 1;
            var loan = publisher.Loan(NextLength(lengths));
            Stamp(loan.Span, sequence);
            ulong sent = publisher.Send(loan);
            if (sent != sequence)
                throw new InvalidOperationException($"Sample {i} got sequence {sent}, not {sequence}: another sender on the topic?");
            if ((i + 1) % CheckpointEvery == 0)
                checkpoints.Add(new PublisherCheckpoint(i + 1, ResidentSet.OfThisProcess(), publisher.GetStats().Segments));
        }
        return checkpoints;
    }

    /// <summary>
    /// Receives until the end of the stream, releasing each sample at once, and checks each one's
    /// length against the same seeded draw and its stamps against its sequence (the first and last
    /// 8 bytes only: a full check would read about 66 GB per million samples).
    /// </summary>
    public static SubscriberTotals Subscribe(Subscriber subscriber)
    {
        var lengths = new Random(Seed);
        ulong drawn = 0;
        int expectedLength = 0;
        long received = 0, bad = 0;
        var residentSets = new List<ResidentSet>();
        while (subscriber.Receive(TimeSpan.FromMinutes(2)) is { } sample)
        {
            using (sample)
            {
                // Sequences only increase; draws for samples that never came here are skipped over.
                while (drawn < sample.Sequence)
                {
                    expectedLength = NextLength(lengths);
                    drawn++;
                }
                if (drawn != sample.Sequence || sample.Length != expectedLength || !IsStamped(sample.Span, sample.Sequence))
                    bad++;
            }
            if (++received % CheckpointEvery == 0)
                residentSets.Add(ResidentSet.OfThisProcess());
        }
        return new SubscriberTotals(received, bad, subscriber.DropTokensSent, residentSets);
    }

    private static int NextLength(Random random) => random.Next(10) switch
    {
        < 6 => random.Next(64, 1024),
        < 9 => random.Next(1024, 65536),
        _ => random.Next(65536, (1 << 20) + 1),
    };

    private static void Stamp(Span<byte> sample, ulong sequence)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(sample, sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(sample[^8..], ~sequence);
    }

    private static bool IsStamped(ReadOnlySpan<byte> sample, ulong sequence) =>
        sample.Length >= 64
        && BinaryPrimitives.ReadUInt64LittleEndian(sample) == sequence
        && BinaryPrimitives.ReadUInt64LittleEndian(sample[^8..]) == ~sequence;
}

public readonly record struct PublisherCheckpoint(int Sent, ResidentSet ResidentSet, int Segments);

/// <param name="ResidentSets">After every <see cref="MixedSoak.CheckpointEvery"/> samples received (and released).</param>
public sealed record SubscriberTotals(long Received, long Bad, long DropTokensSent, IReadOnlyList<ResidentSet> ResidentSets);

/// <summary>A process's resident memory from /proc/self/status, in bytes: the total and its anonymous, file and shared-memory parts.</summary>
public readonly record struct ResidentSet(long Total, long Anonymous, long File, long Shared)
{
    public static ResidentSet OfThisProcess()
    {
        long? total = null, anonymous = null, file = null, shared = null;
        foreach (var line in System.IO.File.ReadLines("/proc/self/status"))
        {
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            switch (parts[0])
            {
                case "VmRSS:": total = Kibibytes(parts); break;
                case "RssAnon:": anonymous = Kibibytes(parts); break;
                case "RssFile:": file = Kibibytes(parts); break;
                case "RssShmem:": shared = Kibibytes(parts); break;
            }
        }
        // A missing line must fail the soak, not read as an empty (and so perfectly flat) process.
        if (total is not { } t || anonymous is not { } a || file is not { } f || shared is not { } s)
            throw new FormatException("/proc/self/status lacks VmRSS, RssAnon, RssFile or RssShmem.");
        return new ResidentSet(t, a, f, s);
    }

    /// <summary>"VmRSS:\t   80123 kB"; a line in another unit means /proc changed under us.</summary>
    private static long Kibibytes(string[] parts) =>
        parts is [_, var value, "kB"] ? long.Parse(value) * 1024 : throw new FormatException($"Unexpected /proc/self/status line: {string.Join(' ', parts)}");

    /// <summary>"80/62/14/4": total, anonymous, file, shared, in MiB.</summary>
    public override string ToString() => $"{Total >> 20}/{Anonymous >> 20}/{File >> 20}/{Shared >> 20}";

    /// <summary>Parses <see cref="Serialize"/>'s output.</summary>
    public static ResidentSet Parse(string text) =>
        text.Split('/') is [var t, var a, var f, var s]
            ? new ResidentSet(long.Parse(t), long.Parse(a), long.Parse(f), long.Parse(s))
            : throw new FormatException($"Not a resident set: '{text}'");

    /// <summary>Bytes, for a child to report exactly: "total/anonymous/file/shared".</summary>
    public string Serialize() => $"{Total}/{Anonymous}/{File}/{Shared}";
}
