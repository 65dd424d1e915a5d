using System.Buffers;
using System.Diagnostics;
using System.IO.Hashing;
using Quiver.Transport;

namespace Quiver.Bridge;

/// <summary>
/// Puts the chunks of one exporter's messages back together, straight into a sample loaned at the
/// message's size, and takes batches of whole messages apart. One message is open at a time. Over
/// core NATS the chunks of a message arrive in order (one NATS connection to one subject), so a
/// gap in the indexes means a chunk was lost: the message is dropped. Nothing is loaned before
/// the first chunk's header and length are checked, and never more than the configured largest
/// message; a chunk's checksum is checked as it is copied into the loan, and one that fails drops
/// the message and returns the loan at once. Not thread-safe: the importer serialises calls.
/// <paramref name="fromStream"/> (reliable mode) reads what a stream stored: the exporter has
/// several chunks of a message awaiting confirmation at once and sends again the ones not
/// confirmed, so the chunks of the open message may come in any order and one may come again.
/// They are then placed by their index, a repeat is ignored, and the message is complete once
/// every index arrived; a message of which a chunk never comes is dropped when the next message
/// or the end of the stream arrives. A message cut into more than <paramref name="maxChunks"/>
/// chunks is dropped as too large at its first chunk: an importer reading a stream acknowledges a
/// message's chunks together, and can hold only so many unacknowledged.
/// </summary>
internal sealed class Reassembler(long maxMessageBytes, TimeSpan timeout, bool fromStream = false, uint maxChunks = uint.MaxValue)
{
    private Open? _open;
    // The highest message id delivered, dropped or found lost: losses follow from the gaps, and
    // chunks of a message at or below it are leftovers of a message already given up.
    private ulong _settled;

    public long Lost { get; private set; }
    public long Incomplete { get; private set; }
    public long Corrupt { get; private set; }
    public long TooLarge { get; private set; }
    public long NoPool { get; private set; }

    public int ChunksInFlight => _open is { } open ? (int)open.Arrived : 0;

    /// <summary>Takes one chunk; returns the filled sample (the caller's to send) when it completed a message.</summary>
    public LoanedSample? Accept(in ChunkHeader header, in ReadOnlySequence<byte> body, Func<int, LoanedSample?> loan)
    {
        if (fromStream && _open is { } repeated && repeated.MessageId == header.MessageId && repeated.HasArrived(header.Index))
            return null;
        if (_open is { } open && open.MessageId != header.MessageId)
            Drop(() => Incomplete++);
        if (header.MessageId <= _settled)
            return null;
        bool fits = _open is null ? Start(header, body, loan) : Continue(header, body);
        if (!fits)
            return null;
        var current = _open!;
        long offset = header.Index * ChunkHeader.ChunkLength(current.TotalLength, current.Count);
        // Checked as it is copied (one read of the chunk); a chunk that fails returns the loan.
        if (HashingCopy.Copy(body, current.Sample.Span.Slice((int)offset, (int)body.Length)) != header.Checksum)
        {
            Drop(() => Corrupt++);
            return null;
        }
        if (current.MarkArrived(header.Index) < current.Count)
            return null;
        _open = null;
        _settled = current.MessageId;
        return current.Sample;
    }

    /// <summary>
    /// Takes a batch (<see cref="MessageBatch"/>): each of its messages is copied into a sample
    /// loaned at its size and handed to <paramref name="deliver"/>, in order. A batch that does not
    /// check out as a whole (checksum, length, records) is dropped as one corrupt message; the ids
    /// it covered show up as lost with the next message that arrives.
    /// </summary>
    public void AcceptBatch(in ChunkHeader header, in ReadOnlySequence<byte> body, Func<int, LoanedSample?> loan, Action<LoanedSample> deliver)
    {
        if (_open is not null)
            Drop(() => Incomplete++);
        if (header.MessageId <= _settled)
            return;
        Lost += (long)(header.MessageId - _settled - 1);
        _settled = header.MessageId - 1;
        if (header.Index != 0 || header.Count == 0 || (ulong)body.Length != header.TotalLength || Checksum(body) != header.Checksum)
        {
            Settle(() => Corrupt++);
            return;
        }
        byte[]? copy = null;
        try
        {
            ReadOnlySpan<byte> records;
            if (body.IsSingleSegment)
                records = body.FirstSpan;
            else
            {
                // The batch is already in memory once (NATS.Net's buffers): at most its length again.
                copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
                body.CopyTo(copy);
                records = copy.AsSpan(0, (int)body.Length);
            }
            if (!MessageBatch.IsWellFormed(records, header.Count))
            {
                Settle(() => Corrupt++);
                return;
            }
            var messages = new MessageBatch.Records(records);
            while (messages.MoveNext())
                Unbatch(messages.Current, loan, deliver);
        }
        finally
        {
            if (copy is not null)
                ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private void Unbatch(ReadOnlySpan<byte> message, Func<int, LoanedSample?> loan, Action<LoanedSample> deliver)
    {
        if (message.Length > maxMessageBytes)
        {
            Settle(() => TooLarge++);
            return;
        }
        if (loan(message.Length) is not { } sample)
        {
            Settle(() => NoPool++);
            return;
        }
        message.CopyTo(sample.Span);
        _settled++;
        deliver(sample);
    }

    /// <summary>Drops the open message if its first chunk came more than the timeout ago.</summary>
    public void Expire()
    {
        if (_open is { } open && Stopwatch.GetElapsedTime(open.StartedAt) > timeout)
            Drop(() => Incomplete++);
    }

    /// <summary>The exporter's stream ended after <paramref name="lastMessageId"/>: whatever of it did not arrive is lost.</summary>
    public void End(ulong lastMessageId)
    {
        if (_open is not null)
            Drop(() => Incomplete++);
        if (lastMessageId > _settled)
            Lost += (long)(lastMessageId - _settled);
        _settled = 0;
    }

    /// <summary>Forgets the exporter (gone, or replaced by one that numbers its messages from 1 again).</summary>
    public void Reset()
    {
        if (_open is not null)
            Drop(() => Incomplete++);
        _settled = 0;
    }

    private bool Start(in ChunkHeader header, in ReadOnlySequence<byte> body, Func<int, LoanedSample?> loan)
    {
        // Every id between the last settled one and this one never showed up.
        Lost += (long)(header.MessageId - _settled - 1);
        _settled = header.MessageId - 1;
        if (header.Index != 0 && !fromStream)
            return Settle(() => Incomplete++);
        if (header.TotalLength > (ulong)maxMessageBytes || header.Count > maxChunks)
            return Settle(() => TooLarge++);
        if (!Consistent(header.TotalLength, header.Count) || !BodyFits(header, body))
            return Settle(() => Corrupt++);
        if (loan((int)header.TotalLength) is not { } sample)
            return Settle(() => NoPool++);
        _open = new Open(header.MessageId, header.Count, header.TotalLength, sample, Stopwatch.GetTimestamp(), anyOrder: fromStream);
        return true;
    }

    private bool Continue(in ChunkHeader header, in ReadOnlySequence<byte> body)
    {
        var open = _open!;
        if (!fromStream && header.Index != open.Arrived)
            return Drop(() => Incomplete++);
        if (header.Count != open.Count || header.TotalLength != open.TotalLength || !BodyFits(header, body))
            return Drop(() => Corrupt++);
        return true;
    }

    /// <summary>A message of <paramref name="total"/> bytes cut into <paramref name="count"/> chunks as exporters cut: all but the last full, the last not empty.</summary>
    private static bool Consistent(ulong total, uint count)
    {
        if (count == 0)
            return false;
        if (total == 0)
            return count == 1;
        ulong chunk = (ulong)ChunkHeader.ChunkLength(total, count);
        return (total + chunk - 1) / chunk == count;
    }

    /// <summary>The body has exactly the length its index calls for (its checksum is checked as it is copied).</summary>
    private static bool BodyFits(in ChunkHeader header, in ReadOnlySequence<byte> body)
    {
        if (header.Index >= header.Count)
            return false;
        long chunk = ChunkHeader.ChunkLength(header.TotalLength, header.Count);
        long expected = Math.Min(chunk, (long)header.TotalLength - header.Index * chunk);
        return body.Length == expected;
    }

    public static ulong Checksum(in ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
            return XxHash3.HashToUInt64(body.FirstSpan);
        var hash = new XxHash3();
        foreach (var segment in body)
            hash.Append(segment.Span);
        return hash.GetCurrentHashAsUInt64();
    }

    private bool Drop(Action count)
    {
        var open = _open!;
        _open = null;
        open.Sample.Dispose();
        _settled = open.MessageId - 1;
        return Settle(count);
    }

    /// <summary>Gives up the message after the last settled one: lost, for the reason <paramref name="count"/> records.</summary>
    private bool Settle(Action count)
    {
        count();
        Lost++;
        _settled++;
        return false;
    }

    private sealed class Open(ulong messageId, uint count, ulong totalLength, LoanedSample sample, long startedAt, bool anyOrder)
    {
        // Which indexes arrived, when they may come in any order: one bit per chunk, at most an
        // eighth of the loan (a chunk is at least a byte), which the size limit already bounds.
        private readonly ulong[]? _arrived = anyOrder ? new ulong[(count + 63) / 64] : null;

        public ulong MessageId { get; } = messageId;
        public uint Count { get; } = count;
        public ulong TotalLength { get; } = totalLength;
        public LoanedSample Sample { get; } = sample;
        public long StartedAt { get; } = startedAt;

        /// <summary>How many chunks arrived; in order, also the index of the next one.</summary>
        public uint Arrived { get; private set; }

        public bool HasArrived(uint index) =>
            _arrived is null ? index < Arrived : index < Count && (_arrived[index / 64] & (1UL << (int)(index % 64))) != 0;

        /// <summary>Records a chunk that was not there yet; returns how many have arrived.</summary>
        public uint MarkArrived(uint index)
        {
            if (_arrived is not null)
                _arrived[index / 64] |= 1UL << (int)(index % 64);
            return ++Arrived;
        }
    }
}
