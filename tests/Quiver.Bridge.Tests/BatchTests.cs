using System.Buffers;
using System.Buffers.Binary;
using Quiver.Transport;

namespace Quiver.Bridge.Tests;

/// <summary>
/// Batches (chunk kind 4, docs/bridge.md "Wire format of messages"): what the exporter writes, and how the
/// importer's reassembly takes them apart into one loan per message, fed directly, loaning from a
/// real local publisher.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class BatchTests : IDisposable
{
    private const int Limit = 1000;
    private readonly LoaningPublisher _local = new();
    private readonly List<byte[]> _delivered = new();
    private readonly Reassembler _reassembler = new(Limit, TimeSpan.FromSeconds(10));

    public void Dispose() => _local.Dispose();

    private LoanedSample? Loan(int length) => _local.Loan(length);

    private void Deliver(LoanedSample sample)
    {
        using (sample)
            _delivered.Add(sample.Span.ToArray());
    }

    private void FeedBatch(ChunkHeader header, byte[] body) => FeedBatch(header, Chunks.Sequence(body));

    private void FeedBatch(ChunkHeader header, ReadOnlySequence<byte> body) => _reassembler.AcceptBatch(header, body, Loan, Deliver);

    private (long Lost, long Corrupt, long TooLarge, long NoPool, long Incomplete) Counters =>
        (_reassembler.Lost, _reassembler.Corrupt, _reassembler.TooLarge, _reassembler.NoPool, _reassembler.Incomplete);

    [Fact]
    public void The_exporter_writes_each_message_as_its_length_and_its_bytes_back_to_back()
    {
        byte[][] messages = [Chunks.Message(0, 1), Chunks.Message(1, 2), Chunks.Message(300, 3)];
        var batch = new MessageBatch();
        batch.Start(firstMessageId: 5, room: 1000);
        foreach (var message in messages)
        {
            Assert.True(batch.Fits(message.Length));
            batch.Add(message);
        }
        Assert.Equal(Chunks.Batch(9, 5, messages).Body, batch.Body.ToArray());
        Assert.Equal((5UL, 3U, 4 + 0 + 4 + 1 + 4 + 300, 301L), (batch.FirstMessageId, batch.Count, batch.Length, batch.MessageBytes));
    }

    [Fact]
    public void A_batch_fits_only_as_many_messages_as_its_room_holds_and_starts_empty_again()
    {
        var batch = new MessageBatch();
        batch.Start(1, room: 20);
        Assert.True(batch.Fits(16));
        Assert.False(batch.Fits(17));
        batch.Add(new byte[10]);
        Assert.True(batch.Fits(2));
        Assert.False(batch.Fits(3));
        batch.Start(7, room: 8);
        Assert.Equal((0U, 0, 7UL), (batch.Count, batch.Length, batch.FirstMessageId));
        Assert.False(batch.Fits(5));
    }

    [Fact]
    public void Every_message_of_a_batch_arrives_in_order_in_a_loan_of_its_own_size()
    {
        byte[][] messages = [Chunks.Message(10, 1), Chunks.Message(0, 2), Chunks.Message(Limit, 3)];
        var (header, body) = Chunks.Batch(9, 1, messages);
        FeedBatch(header, body);
        Assert.Equal(messages, _delivered);
        Assert.Equal([10, 0, Limit], _local.Loans);
        Assert.Equal((0, 0, 0, 0, 0), Counters);
        Assert.Equal(0, _local.Publisher.GetStats().Loaned);
    }

    [Fact]
    public void A_batch_split_across_buffers_by_the_connection_arrives_whole()
    {
        byte[][] messages = [Chunks.Message(100, 1), Chunks.Message(50, 2), Chunks.Message(7, 3)];
        var (header, body) = Chunks.Batch(9, 1, messages);
        FeedBatch(header, Chunks.Pieces(body, 3, 105, 106, 160));
        Assert.Equal(messages, _delivered);
        Assert.Equal((0, 0, 0, 0, 0), Counters);
    }

    public enum Damage { Checksum, RecordPastTheEnd, TrailingBytes, FewerRecords, MoreRecords, LongerThanDeclared, NotFirstIndex, NoMessages }

    [Theory]
    [InlineData(Damage.Checksum)]
    [InlineData(Damage.RecordPastTheEnd)]
    [InlineData(Damage.TrailingBytes)]
    [InlineData(Damage.FewerRecords)]
    [InlineData(Damage.MoreRecords)]
    [InlineData(Damage.LongerThanDeclared)]
    [InlineData(Damage.NotFirstIndex)]
    [InlineData(Damage.NoMessages)]
    public void A_damaged_batch_delivers_nothing_loans_nothing_and_its_messages_count_as_lost(Damage damage)
    {
        var (header, body) = Chunks.Batch(9, 1, Chunks.Message(20, 1), Chunks.Message(30, 2), Chunks.Message(40, 3));
        switch (damage)
        {
            case Damage.Checksum:
                body[10] ^= 1;
                break;
            case Damage.RecordPastTheEnd:
                BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(24 + 34), 41);
                header = Rechecked(header, body);
                break;
            case Damage.TrailingBytes:
                body = [.. body, 0];
                header = Rechecked(header, body);
                break;
            case Damage.FewerRecords:
                header = header with { Count = 4 };
                break;
            case Damage.MoreRecords:
                header = header with { Count = 2 };
                break;
            case Damage.LongerThanDeclared:
                header = header with { TotalLength = header.TotalLength - 1 };
                break;
            case Damage.NotFirstIndex:
                header = header with { Index = 1 };
                break;
            case Damage.NoMessages:
                header = header with { Count = 0 };
                break;
        }
        FeedBatch(header, body);
        Assert.Empty(_delivered);
        Assert.Empty(_local.Loans);
        Assert.Equal((1, 1, 0, 0, 0), Counters);
        // The next message shows the batch's other ids as lost: three in all.
        var (next, nextBody) = Chunks.Of(9, 4, Chunks.Message(5, 4), 100)[0];
        using (_reassembler.Accept(next, Chunks.Sequence(nextBody), Loan))
            Assert.Equal(3, _reassembler.Lost);
    }

    [Fact]
    public void A_message_too_large_or_without_room_in_the_pool_is_dropped_and_the_others_still_arrive()
    {
        byte[][] messages = [Chunks.Message(10, 1), Chunks.Message(Limit + 1, 2), Chunks.Message(20, 3), Chunks.Message(30, 4)];
        var (header, body) = Chunks.Batch(9, 1, messages);
        _reassembler.AcceptBatch(header, Chunks.Sequence(body), length => length == 20 ? null : Loan(length), Deliver);
        Assert.Equal([messages[0], messages[3]], _delivered);
        Assert.Equal([10, 30], _local.Loans);
        Assert.Equal((2, 0, 1, 1, 0), Counters);
    }

    [Fact]
    public void Gaps_before_a_batch_count_as_lost_and_a_batch_that_comes_again_is_ignored()
    {
        var first = Chunks.Batch(9, 3, Chunks.Message(1, 1), Chunks.Message(2, 2));
        FeedBatch(first.Header, first.Body);
        FeedBatch(first.Header, first.Body);
        var (header, body) = Chunks.Batch(9, 6, Chunks.Message(3, 3));
        FeedBatch(header, body);
        Assert.Equal([Chunks.Message(1, 1), Chunks.Message(2, 2), Chunks.Message(3, 3)], _delivered);
        Assert.Equal((2 + 1, 0, 0, 0, 0), Counters);
        _reassembler.End(6);
        Assert.Equal(3, _reassembler.Lost);
    }

    [Fact]
    public void A_batch_after_part_of_a_chunked_message_drops_that_message_as_incomplete_and_frees_its_loan()
    {
        var chunks = Chunks.Of(9, 1, Chunks.Message(300, 1), 100);
        Assert.Null(_reassembler.Accept(chunks[0].Header, Chunks.Sequence(chunks[0].Body), Loan));
        var (header, body) = Chunks.Batch(9, 2, Chunks.Message(5, 2));
        FeedBatch(header, body);
        Assert.Equal([Chunks.Message(5, 2)], _delivered);
        Assert.Equal((1, 0, 0, 0, 1), Counters);
        Assert.Equal(0, _local.Publisher.GetStats().Loaned);
    }

    private static ChunkHeader Rechecked(ChunkHeader header, byte[] body) =>
        header with { TotalLength = (ulong)body.Length, Checksum = System.IO.Hashing.XxHash3.HashToUInt64(body) };
}
