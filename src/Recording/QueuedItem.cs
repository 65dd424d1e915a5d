using System.Buffers;

namespace Quiver.Recording;

/// <summary>What a topic's receiving thread hands its writing thread, in order.</summary>
internal abstract record QueuedItem;

/// <summary>The topic's publisher (re)connected, announcing this contract; the next samples are of it.</summary>
internal sealed record Connected(string MessageType, ulong Fingerprint, byte[] Schema) : QueuedItem;

/// <summary>A sample copied out of shared memory into a pooled buffer, which the writer returns.</summary>
internal sealed record CopiedSample(byte[] Buffer, int Length, ulong Sequence, long PublishedNanoseconds, long ReceivedNanoseconds) : QueuedItem
{
    public ReadOnlySpan<byte> Bytes => Buffer.AsSpan(0, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
