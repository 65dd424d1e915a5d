using Quiver.SharedMemory;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// Publishers and subscribers coming and going leave no memfd descriptor and no mapping behind.
/// Counted from /proc/self, where a publisher's segments show as "/memfd:quiver-N" (the runtime
/// has memfds of its own); the tests that create segments all run in this collection, one at a time.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class ResourceLeakTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private const string SegmentPrefix = "/memfd:quiver-";

    private static (int Descriptors, int Mappings) CountMemfds()
    {
        // Samples dropped without Dispose by earlier tests are released by their finalizers now, not mid-count.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        int descriptors = new DirectoryInfo("/proc/self/fd").GetFileSystemInfos()
            .Count(fd => fd.LinkTarget?.StartsWith(SegmentPrefix, StringComparison.Ordinal) == true);
        int mappings = File.ReadLines("/proc/self/maps").Count(line => line.Contains(SegmentPrefix, StringComparison.Ordinal));
        return (descriptors, mappings);
    }

    [Fact]
    public void Repeated_sessions_leave_no_descriptor_and_no_mapping()
    {
        var before = CountMemfds();
        for (int round = 0; round < 5; round++)
        {
            using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
            {
                Log = _fixture.Log,
                Pool = new SampleAllocatorOptions { SegmentSize = 16384, MaxSegments = 4 },
            });
            var subscribers = Enumerable.Range(0, 3)
                .Select(_ => Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log }))
                .ToList();
            Assert.True(publisher.WaitForSubscribers(3, Wait));
            for (int i = 0; i < 10; i++)
                publisher.Publish(new byte[5000]);
            Assert.True(CountMemfds().Descriptors > before.Descriptors);
            var kept = subscribers[0].Receive(Wait)!;
            foreach (var subscriber in subscribers)
                subscriber.Dispose();
            publisher.Dispose();
            Assert.Equal(5000, kept.Length);
            kept.Dispose();
        }
        // Publisher.Dispose joins the threads of every connection, also of those its subscriber closed first.
        Assert.Equal(before, CountMemfds());
        Assert.Empty(_fixture.LeftOver());
    }
}
