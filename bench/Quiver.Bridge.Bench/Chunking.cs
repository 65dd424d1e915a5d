using System.Buffers;
using System.Diagnostics;
using Quiver.Transport;

namespace Quiver.Bridge.Bench;

/// <summary>
/// The bridge's own work on a 16 MiB message without a network: the exporter's cut (header,
/// checksum, copy into the client's buffer) and the importer's reassembly (checks, checksum, copy
/// into a loaned shared-memory sample), one after the other on one thread.
/// </summary>
internal static class Chunking
{
    public static int Print()
    {
        Console.WriteLine($"Chunking alone, 16 MiB messages cut into 1 MiB chunks and reassembled into a loaned sample: {Measure() / 1e9:F2} GB/s");
        return 0;
    }

    public static double Measure()
    {
        const int Size = 16 << 20, Room = (1 << 20) - ChunkHeader.Size, Rounds = 30;
        var message = Workload.Payload(Size);
        using var publisher = Publisher.Create("bench/chunking", new TopicContract("bench.Bytes", 1, new byte[] { 1 }));
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        int count = (Size + Room - 1) / Room, chunk = (Size + count - 1) / count;
        long started = 0;
        for (int round = -3; round < Rounds; round++)
        {
            if (round == 0)
                started = Stopwatch.GetTimestamp();
            var reassembler = new Reassembler(Size, TimeSpan.FromMinutes(1));
            LoanedSample? completed = null;
            for (uint index = 0; index < count; index++)
            {
                var body = message.AsMemory((int)index * chunk, Math.Min(chunk, Size - (int)index * chunk));
                buffer.ResetWrittenCount();
                OutgoingChunkSerializer.Instance.Serialize(buffer, OutgoingChunk.Of(ChunkKind.Chunk, 1, 1, index, (uint)count, Size, body));
                var written = buffer.WrittenMemory;
                var parsed = ChunkHeader.TryRead(written.Span, out _)!.Value;
                completed = reassembler.Accept(parsed, new ReadOnlySequence<byte>(written[ChunkHeader.Size..]), publisher.Loan);
            }
            completed!.Dispose();
        }
        return (double)Size * Rounds / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
