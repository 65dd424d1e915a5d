using System.Diagnostics;
using Quiver.Transport;
using Quiver.Transport.TestPeer;
using Xunit.Abstractions;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// Issue 4's soak: a million samples of 64 B to 1 MiB (<see cref="MixedSoak"/>) to two subscriber
/// processes. Every sample arrives intact at both, every drop token comes back while they are
/// still connected, and after the warm-up neither the segment count nor any process's resident
/// set grows.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class SoakTests : IDisposable
{
    private const int Messages = 1_000_000;

    /// <summary>
    /// Samples after which the pool and the processes have their steady size: the pool's
    /// segments exist and most of their pages have been touched, and the GC has settled its
    /// generation 0 budget (a subscriber's anonymous memory climbs by about 10 MiB over the first
    /// 300 000 samples, then stays within 1 MiB).
    /// </summary>
    private const int WarmUp = 300_000;

    /// <summary>
    /// How much a resident set may grow from the warm-up to the last sample: 16 MiB, where runs
    /// here grow by 1 to 2 MiB (the last pages of the pool touched, allocator noise). It bounds
    /// memory, not time: a loaded machine makes the run slower, not bigger, because pacing bounds
    /// what is in flight whatever the speed and the pool's growth is asserted on its own. Any leak
    /// per sample — one 24-byte object, a dictionary entry, a mapping — is 700 000 times that,
    /// over 16 MiB, and fails.
    /// </summary>
    private const long Growth = 16 << 20;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TransportFixture _fixture = new();
    private readonly ITestOutputHelper _output;

    public SoakTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_million_mixed_samples_all_come_back_and_memory_stays_flat()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, MixedSoak.Options(_fixture.Log));
        using var first = PeerProcess.SoakSubscriber(_fixture);
        using var second = PeerProcess.SoakSubscriber(_fixture);
        Assert.True(publisher.WaitForSubscribers(2, Wait));

        var clock = Stopwatch.StartNew();
        var checkpoints = MixedSoak.Publish(publisher, Messages);
        Assert.True(publisher.WaitForInFlight(0, Wait), "samples were not all released");
        var stats = publisher.GetStats();
        _output.WriteLine($"{Messages:N0} samples sent and released in {clock.Elapsed.TotalSeconds:F1} s");
        _output.WriteLine("publisher after every 100k samples, total/anonymous/file/shared MiB:segments: " +
            string.Join(' ', checkpoints.Select(c => $"{c.ResidentSet}:{c.Segments}")));

        // Every sample reached both subscribers and every drop token came back while they were connected.
        Assert.Equal(Messages, stats.Sent);
        Assert.Equal(0, stats.Skipped);
        Assert.Empty(stats.Outstanding);
        Assert.Equal(0, stats.InFlight);
        Assert.Equal(0, stats.Loaned);
        Assert.Equal(0, stats.AllocatedBytes);
        Assert.Equal(2, stats.Subscribers);
        Assert.All(stats.SubscriberDetails, subscriber =>
        {
            Assert.Equal(stats.Sent, subscriber.Received);
            Assert.Equal(0, subscriber.Holding);
        });

        // The pool and the publisher's memory are flat after the warm-up.
        Assert.Equal(Messages / MixedSoak.CheckpointEvery, checkpoints.Count);
        var warm = checkpoints.Single(c => c.Sent == WarmUp);
        Assert.All(checkpoints.Where(c => c.Sent > WarmUp), checkpoint => Assert.True(checkpoint.Segments <= warm.Segments,
            $"{checkpoint.Segments} segments after {checkpoint.Sent} samples, {warm.Segments} after the warm-up"));
        Assert.True(stats.Segments <= warm.Segments, $"{stats.Segments} segments at the end, {warm.Segments} after the warm-up");
        AssertFlat("publisher", checkpoints.Select(c => c.ResidentSet).ToList());

        publisher.Dispose();
        foreach (var peer in new[] { first, second })
        {
            var totals = peer.Expect("END ").Split(' ');
            var residentSets = peer.Expect("RSS ").Split(' ').Skip(1).Select(ResidentSet.Parse).ToList();
            _output.WriteLine($"subscriber pid {peer.ProcessId} after every 100k samples, total/anonymous/file/shared MiB: {string.Join(' ', residentSets)}");
            Assert.Equal(Messages.ToString(), totals[1]);
            Assert.Equal("0", totals[2]);
            Assert.Equal(Messages.ToString(), totals[3]);
            Assert.Equal(Messages / MixedSoak.CheckpointEvery, residentSets.Count);
            AssertFlat($"subscriber pid {peer.ProcessId}", residentSets);
            Assert.Equal(0, peer.Finish());
        }
        Assert.Empty(_fixture.LeftOver());
    }

    /// <param name="residentSets">Taken after every <see cref="MixedSoak.CheckpointEvery"/> samples; the last after the last sample.</param>
    private static void AssertFlat(string who, IReadOnlyList<ResidentSet> residentSets)
    {
        var warm = residentSets[WarmUp / MixedSoak.CheckpointEvery - 1];
        var end = residentSets[^1];
        Assert.True(end.Total - warm.Total < Growth,
            $"The {who}'s resident set grew from {warm.Total >> 20} MiB after the warm-up to {end.Total >> 20} MiB at the end " +
            $"(total/anonymous/file/shared MiB after every 100k samples: {string.Join(' ', residentSets)})");
    }
}
