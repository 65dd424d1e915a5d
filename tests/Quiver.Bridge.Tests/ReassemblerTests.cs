using Quiver.Transport;

namespace Quiver.Bridge.Tests;

/// <summary>The importer's reassembly, fed chunk streams directly, loaning from a real local publisher.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class ReassemblerTests : IDisposable
{
    private const long Limit = 1 << 20;
    private readonly LoaningPublisher _local = new();
    private readonly Reassembler _reassembler = new(Limit, TimeSpan.FromMilliseconds(50));

    public void Dispose() => _local.Dispose();

    private LoanedSample? Loan(int length) => _local.Loan(length);

    private LoanedSample? Feed(ChunkHeader header, byte[] body) => _reassembler.Accept(header, Chunks.Sequence(body), Loan);

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 100)]
    [InlineData(100, 100)]
    [InlineData(101, 100)]
    [InlineData(1000, 7)]
    public void A_message_cut_into_chunks_comes_back_whole_in_one_loan_of_its_size(int length, int bodyLimit)
    {
        var message = Chunks.Message(length, 3);
        var chunks = Chunks.Of(9, 1, message, bodyLimit);
        LoanedSample? completed = null;
        foreach (var (header, body) in chunks)
        {
            Assert.Null(completed);
            completed = Feed(header, body);
        }
        Assert.NotNull(completed);
        using (completed)
            Assert.Equal(message, completed.Span.ToArray());
        Assert.Equal([length], _local.Loans);
        Assert.Equal(0, _reassembler.Lost);
    }

    [Fact]
    public void A_missing_chunk_drops_the_message_and_frees_its_loan()
    {
        var chunks = Chunks.Of(9, 1, Chunks.Message(300, 1), 100);
        Assert.Null(Feed(chunks[0].Header, chunks[0].Body));
        Assert.Null(Feed(chunks[2].Header, chunks[2].Body));
        Assert.Equal((1, 1), (_reassembler.Incomplete, _reassembler.Lost));
        Assert.Equal(0, _local.Publisher.GetStats().Loaned);
    }

    [Fact]
    public void A_corrupt_chunk_fails_its_checksum_and_drops_the_message()
    {
        var chunks = Chunks.Of(9, 1, Chunks.Message(300, 1), 100);
        Feed(chunks[0].Header, chunks[0].Body);
        chunks[1].Body[17] ^= 0x40;
        Assert.Null(Feed(chunks[1].Header, chunks[1].Body));
        Assert.Null(Feed(chunks[2].Header, chunks[2].Body));
        Assert.Equal((1, 1), (_reassembler.Corrupt, _reassembler.Lost));
        Assert.Equal(0, _local.Publisher.GetStats().Loaned);
    }

    [Fact]
    public void A_first_chunk_that_fails_its_checksum_returns_its_loan_and_the_next_message_still_arrives()
    {
        var chunks = Chunks.Of(9, 1, Chunks.Message(300, 1), 100);
        chunks[0].Body[0] ^= 0x01;
        Assert.Null(Feed(chunks[0].Header, chunks[0].Body));
        Assert.Null(Feed(chunks[1].Header, chunks[1].Body));
        Assert.Equal((1, 1, 0), (_reassembler.Corrupt, _reassembler.Lost, _reassembler.ChunksInFlight));
        Assert.Equal(0, _local.Publisher.GetStats().Loaned);
        var next = Chunks.Message(50, 2);
        var (header, body) = Chunks.Of(9, 2, next, 100)[0];
        using var sample = Feed(header, body);
        Assert.Equal(next, sample!.Span.ToArray());
    }

    [Theory]
    [InlineData(301UL, 3U)]  // a total the chunks do not add up to
    [InlineData(300UL, 0U)]  // no chunks
    [InlineData(300UL, 299U)] // more chunks than the length can be cut into
    [InlineData(0UL, 2U)]
    public void A_first_chunk_whose_lengths_do_not_add_up_is_dropped_before_anything_is_loaned(ulong total, uint count)
    {
        var (header, body) = Chunks.Of(9, 1, Chunks.Message(300, 1), 100)[0];
        Assert.Null(Feed(header with { TotalLength = total, Count = count }, body));
        Assert.Equal((1, 1), (_reassembler.Corrupt, _reassembler.Lost));
        Assert.Empty(_local.Loans);
    }

    [Fact]
    public void A_later_chunk_that_changes_the_declared_length_drops_the_message()
    {
        var chunks = Chunks.Of(9, 1, Chunks.Message(300, 1), 100);
        Feed(chunks[0].Header, chunks[0].Body);
        Assert.Null(Feed(chunks[1].Header with { TotalLength = 250 }, chunks[1].Body));
        Assert.Equal(1, _reassembler.Corrupt);
        Assert.Equal(0, _local.Publisher.GetStats().Loaned);
    }

    [Fact]
    public void A_huge_declared_size_is_dropped_without_any_loan()
    {
        var (header, body) = Chunks.Of(9, 1, Chunks.Message(100, 1), 100)[0];
        Assert.Null(Feed(header with { TotalLength = 1UL << 40, Count = 1 << 20 }, body));
        Assert.Null(Feed(header with { TotalLength = (ulong)Limit + 1, MessageId = 2 }, body));
        Assert.Equal((2, 2), (_reassembler.TooLarge, _reassembler.Lost));
        Assert.Empty(_local.Loans);
    }

    [Fact]
    public void A_message_left_incomplete_times_out_and_its_loan_is_freed()
    {
        var chunks = Chunks.Of(9, 1, Chunks.Message(300, 1), 100);
        Feed(chunks[0].Header, chunks[0].Body);
        _reassembler.Expire();
        Assert.Equal(1, _reassembler.ChunksInFlight);
        // Expiry is driven by the importer's timer; here the test waits out the 50 ms itself.
        SpinWait.SpinUntil(() => { _reassembler.Expire(); return _reassembler.Incomplete == 1; }, TimeSpan.FromSeconds(10));
        Assert.Equal((1, 1, 0), (_reassembler.Incomplete, _reassembler.Lost, _reassembler.ChunksInFlight));
        Assert.Equal(0, _local.Publisher.GetStats().Loaned);
        // Its late chunks are leftovers: ignored, not counted again.
        Assert.Null(Feed(chunks[1].Header, chunks[1].Body));
        Assert.Equal((1, 1), (_reassembler.Incomplete, _reassembler.Lost));
    }

    [Fact]
    public void Messages_that_never_arrived_count_as_lost_from_the_gaps_and_the_end_of_stream()
    {
        foreach (ulong id in new ulong[] { 1, 4, 5 })
        {
            var (header, body) = Chunks.Of(9, id, Chunks.Message(10, 1), 100)[0];
            using var sample = Feed(header, body);
            Assert.NotNull(sample);
        }
        _reassembler.End(7);
        Assert.Equal(2 + 2, _reassembler.Lost);
    }

    [Fact]
    public void From_a_stream_chunks_in_any_order_and_repeated_come_back_as_one_whole_message()
    {
        var stored = new Reassembler(Limit, TimeSpan.FromMilliseconds(50), fromStream: true);
        var message = Chunks.Message(1000, 4);
        var chunks = Chunks.Of(9, 1, message, 100);
        // As a stream holds them when the first tries of chunks 0 and 3 were lost and sent again after
        // later ones, and one of 5 was stored twice (its confirmation lost beyond the duplicate window).
        int[] order = [1, 2, 5, 4, 6, 5, 7, 8, 9, 0, 3];
        LoanedSample? completed = null;
        foreach (int index in order)
        {
            Assert.Null(completed);
            completed = stored.Accept(chunks[index].Header, Chunks.Sequence(chunks[index].Body), Loan);
        }
        Assert.NotNull(completed);
        using (completed)
            Assert.Equal(message, completed.Span.ToArray());
        Assert.Equal((0, 0), (stored.Lost, stored.ChunksInFlight));
        Assert.Equal([1000], _local.Loans);
        // A try of the message's chunk stored once more (its confirmation lost) is a leftover now.
        Assert.Null(stored.Accept(chunks[9].Header, Chunks.Sequence(chunks[9].Body), Loan));
        Assert.Equal([1000], _local.Loans);
    }

    [Fact]
    public void From_a_stream_a_message_missing_a_chunk_is_dropped_when_the_next_one_comes_and_never_delivered_in_part()
    {
        var stored = new Reassembler(Limit, TimeSpan.FromMilliseconds(50), fromStream: true);
        var chunks = Chunks.Of(9, 1, Chunks.Message(300, 1), 100);
        Assert.Null(stored.Accept(chunks[2].Header, Chunks.Sequence(chunks[2].Body), Loan));
        Assert.Null(stored.Accept(chunks[1].Header, Chunks.Sequence(chunks[1].Body), Loan));
        Assert.Equal(2, stored.ChunksInFlight);
        var next = Chunks.Message(50, 2);
        var (header, body) = Chunks.Of(9, 2, next, 100)[0];
        using var sample = stored.Accept(header, Chunks.Sequence(body), Loan);
        Assert.Equal(next, sample!.Span.ToArray());
        Assert.Equal((1, 1, 0), (stored.Incomplete, stored.Lost, stored.ChunksInFlight));
        Assert.Equal([300, 50], _local.Loans);
        // Chunk 0 of the dropped message, late, opens nothing.
        Assert.Null(stored.Accept(chunks[0].Header, Chunks.Sequence(chunks[0].Body), Loan));
        Assert.Equal([300, 50], _local.Loans);
    }

    [Fact]
    public void From_a_stream_a_message_of_more_chunks_than_the_importer_holds_is_too_large_and_the_next_still_arrives()
    {
        var stored = new Reassembler(Limit, TimeSpan.FromMilliseconds(50), fromStream: true, maxChunks: 2);
        var chunks = Chunks.Of(9, 1, Chunks.Message(300, 1), 100);
        foreach (var (header, body) in chunks)
            Assert.Null(stored.Accept(header, Chunks.Sequence(body), Loan));
        Assert.Equal((1, 1, 0), (stored.TooLarge, stored.Lost, stored.ChunksInFlight));
        Assert.Empty(_local.Loans);
        var next = Chunks.Message(200, 2);
        var pieces = Chunks.Of(9, 2, next, 100);
        Assert.Null(stored.Accept(pieces[0].Header, Chunks.Sequence(pieces[0].Body), Loan));
        using var sample = stored.Accept(pieces[1].Header, Chunks.Sequence(pieces[1].Body), Loan);
        Assert.Equal(next, sample!.Span.ToArray());
    }

    [Fact]
    public void Over_core_NATS_a_first_chunk_other_than_the_first_drops_the_message_at_once()
    {
        var chunks = Chunks.Of(9, 1, Chunks.Message(300, 1), 100);
        Assert.Null(Feed(chunks[1].Header, chunks[1].Body));
        Assert.Equal((1, 1, 0), (_reassembler.Incomplete, _reassembler.Lost, _reassembler.ChunksInFlight));
        Assert.Empty(_local.Loans);
    }

    [Fact]
    public void A_pool_with_no_room_drops_the_message_and_counts_it()
    {
        var (header, body) = Chunks.Of(9, 1, Chunks.Message(10, 1), 100)[0];
        Assert.Null(_reassembler.Accept(header, Chunks.Sequence(body), _ => null));
        Assert.Equal((1, 1), (_reassembler.NoPool, _reassembler.Lost));
    }
}
