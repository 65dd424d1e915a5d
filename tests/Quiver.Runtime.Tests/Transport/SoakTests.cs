using Quiver.SharedMemory;
using Quiver.Transport;
using Quiver.Transport.TestPeer;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// Many samples of mixed sizes to two subscriber processes: the pool stays within its limits,
/// every delivered sample arrives intact, and every drop token comes back while the subscribers
/// are still connected (nothing is reclaimed by a disconnect).
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class SoakTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Twenty_thousand_mixed_samples_come_back_and_the_pool_stays_bounded()
    {
        const int messages = 20_000;
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Pool = new SampleAllocatorOptions { SegmentSize = 1 << 20, MaxSegments = 4 },
            WhenExhausted = ExhaustionPolicy.Block,
            BlockTimeout = Wait,
            QueueDepth = 32,
            Log = _fixture.Log,
        });
        using var first = PeerProcess.QuietSubscriber(_fixture);
        using var second = PeerProcess.QuietSubscriber(_fixture);
        Assert.True(publisher.WaitForSubscribers(2, Wait));

        var random = new Random(4242);
        for (int i = 0; i < messages; i++)
        {
            int length = random.Next(4) switch
            {
                0 => random.Next(0, 64),
                1 => random.Next(64, 4096),
                2 => random.Next(4096, 65536),
                _ => random.Next(65536, 262144),
            };
            var loan = publisher.Loan(length);
            ulong next = (ulong)publisher.GetStats().Sent + 1;
            SamplePattern.Fill(loan.Span, next);
            publisher.Send(loan);
        }

        Assert.True(publisher.WaitForInFlight(0, Wait));
        var stats = publisher.GetStats();
        Assert.Equal(2, stats.Subscribers);
        Assert.Equal(0, stats.AllocatedBytes);
        Assert.Equal(messages, stats.Sent);
        Assert.InRange(stats.Segments, 1, 4);

        publisher.Dispose();
        long delivered = 0;
        foreach (var peer in new[] { first, second })
        {
            var parts = peer.Expect("END ").Split(' ');
            delivered += long.Parse(parts[1]);
            Assert.Equal("0", parts[2]);
        }
        Assert.Equal(2L * messages - stats.Skipped, delivered);
        Assert.Empty(_fixture.LeftOver());
    }
}
