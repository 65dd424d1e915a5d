using Quiver.Transport;
using Quiver.Transport.Ring;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// Seeded mutation test of what each side reads from the notification channel the peer can write:
/// the sample ring's tail and entries (read by the subscriber), the drop ring's tail and entries
/// (read by the publisher, then checked against the subscriber's in-flight set as the publisher does).
/// Any mutant either reads validated entries or throws <see cref="ProtocolException"/>.
/// Its channels are memfds too, so it runs in the collection that ResourceLeakTests counts them in.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed unsafe class RingMutationTests
{
    private const int Seed = 20261122;
    private const int Mutants = 4000;
    private const int Capacity = 4;

    [Fact]
    public void Mutated_sample_rings_only_ever_throw_ProtocolException()
    {
        var channel = NotificationChannel.Create(Capacity, Capacity, "quiver-ring-mutation");
        try
        {
            nint entriesAt = (nint)channel.SampleEntry(0);
            int entryBytes = Capacity * NotificationChannel.SampleEntrySize;
            var entries = new Span<byte>((void*)entriesAt, entryBytes);
            var writer = new SampleRingWriter(channel);
            for (ulong sequence = 1; sequence <= 3; sequence++)
                writer.Push(new SampleFrame(sequence, (uint)sequence, sequence * 64, 100, 7));
            var original = new byte[8 + entries.Length];
            BitConverter.TryWriteBytes(original, *channel.SampleTail);
            entries.CopyTo(original.AsSpan(8));

            int refused = Run(original, mutant =>
            {
                *channel.SampleTail = BitConverter.ToUInt64(mutant, 0);
                var ring = new Span<byte>((void*)entriesAt, entryBytes);
                ring.Clear();
                mutant.AsSpan(8, Math.Min(mutant.Length - 8, entryBytes)).CopyTo(ring);
                var reader = new SampleRingReader(channel);
                ulong last = 0;
                // At most a ring's worth is accepted; each accepted entry follows the one before.
                for (int i = 0; i <= Capacity && reader.TryRead(out var sample); i++)
                {
                    Assert.True(i < Capacity, "more entries read than the ring holds");
                    Assert.True(sample.Sequence > last);
                    last = sample.Sequence;
                }
            });
            // Guards against a mutator that does nothing: many corruptions must be caught.
            Assert.True(refused > Mutants / 4, $"only {refused} of {Mutants} mutants were refused");
        }
        finally
        {
            channel.Release();
        }
    }

    [Fact]
    public void Mutated_drop_rings_only_ever_throw_ProtocolException()
    {
        var channel = NotificationChannel.Create(Capacity, Capacity, "quiver-ring-mutation");
        try
        {
            nint entriesAt = (nint)channel.DropEntry(0);
            int entryBytes = Capacity * NotificationChannel.DropEntrySize;
            var entries = new Span<byte>((void*)entriesAt, entryBytes);
            var writer = new DropRingWriter(channel);
            writer.Push(1);
            writer.Push(2);
            var original = new byte[8 + entries.Length];
            BitConverter.TryWriteBytes(original, *channel.DropTail);
            entries.CopyTo(original.AsSpan(8));

            var drops = new List<ulong>();
            int refused = Run(original, mutant =>
            {
                *channel.DropTail = BitConverter.ToUInt64(mutant, 0);
                var ring = new Span<byte>((void*)entriesAt, entryBytes);
                ring.Clear();
                mutant.AsSpan(8, Math.Min(mutant.Length - 8, entryBytes)).CopyTo(ring);
                drops.Clear();
                new DropRingReader(channel).ReadAll(drops);
                Assert.InRange(drops.Count, 0, Capacity);
                // As the publisher applies them: each must name a sample this subscriber holds.
                var inFlight = new InFlightSamples();
                inFlight.Add(1);
                inFlight.Add(2);
                drops.ForEach(inFlight.Drop);
            });
            Assert.True(refused > Mutants / 4, $"only {refused} of {Mutants} mutants were refused");
        }
        finally
        {
            channel.Release();
        }
    }

    private static int Run(byte[] original, Action<byte[]> read)
    {
        int refused = 0;
        for (int index = 0; index < Mutants; index++)
        {
            var mutant = ProtocolMutationTests.Mutate(original, new Random(Seed + index));
            if (mutant.Length < 8)
                Array.Resize(ref mutant, 8);
            try
            {
                read(mutant);
            }
            catch (ProtocolException)
            {
                refused++;
            }
            catch (Exception other)
            {
                Assert.Fail($"Mutant {index} (seed {Seed + index}) threw {other.GetType().Name}: {other.Message}\n{other.StackTrace}");
            }
        }
        return refused;
    }
}
