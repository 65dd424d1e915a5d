using Quiver.Runtime.Tests.Transport;
using Quiver.SharedMemory;

namespace Quiver.Runtime.Tests.SharedMemory;

// In the transport collection so the leak test can count this process's memfds without interference.
[Collection(TransportCollection.Name)]
public class SharedMemorySegmentTests
{
    [Fact]
    public void A_read_only_mapping_sees_what_the_owner_wrote()
    {
        var owner = SharedMemorySegment.Create(3, 8192, "test");
        new byte[] { 7, 8, 9 }.CopyTo(owner.GetWritableMemory(4096, 3).Span);
        var reader = SharedMemorySegment.OpenReadOnly(3, RawDescriptorCalls.Dup(owner.FileDescriptor), 8192);

        Assert.Equal(new byte[] { 7, 8, 9 }, reader.GetMemory(4096, 3).ToArray());
        Assert.False(reader.IsWritable);
        Assert.Throws<InvalidOperationException>(() => reader.GetWritableMemory(0, 1));

        owner.Release();
        Assert.True(owner.IsReleased);
        // The reader's mapping outlives the owner's.
        Assert.Equal(new byte[] { 7, 8, 9 }, reader.GetMemory(4096, 3).ToArray());
        reader.Release();
    }

    [Fact]
    public void The_mapping_goes_away_only_with_its_last_reference()
    {
        var segment = SharedMemorySegment.Create(0, 4096, "test");
        Assert.True(segment.TryRetain());
        segment.Release();
        Assert.False(segment.IsReleased);
        segment.GetWritableMemory(0, 4096).Span.Fill(1);
        segment.Release();
        Assert.True(segment.IsReleased);
        Assert.False(segment.TryRetain());
        Assert.Throws<ObjectDisposedException>(() => segment.GetMemory(0, 1));
        Assert.Throws<InvalidOperationException>(segment.Release);
    }

    [Fact]
    public void Windows_outside_the_segment_are_refused()
    {
        var segment = SharedMemorySegment.Create(0, 4096, "test");
        Assert.Throws<ArgumentOutOfRangeException>(() => segment.GetMemory(4000, 97));
        Assert.Throws<ArgumentOutOfRangeException>(() => segment.GetMemory(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => segment.GetMemory(int.MaxValue, int.MaxValue));
        Assert.Equal(96, segment.GetMemory(4000, 96).Length);
        segment.Release();
    }

    [Fact]
    public void A_received_descriptor_must_match_the_announced_size()
    {
        var owner = SharedMemorySegment.Create(1, 4096, "test");
        var error = Assert.Throws<IOException>(() => SharedMemorySegment.OpenReadOnly(1, RawDescriptorCalls.Dup(owner.FileDescriptor), 8192));
        Assert.Contains("4096 bytes but 8192 were announced", error.Message);
        owner.Release();
    }

    [Fact]
    public void A_received_descriptor_must_be_sealed_against_shrinking()
    {
        int fd = RawDescriptorCalls.MemfdCreate("unsealed", 1);
        Assert.True(fd >= 0);
        Assert.Equal(0, RawDescriptorCalls.Ftruncate(fd, 4096));
        var error = Assert.Throws<IOException>(() => SharedMemorySegment.OpenReadOnly(0, fd, 4096));
        Assert.Contains("not sealed", error.Message);
    }

    [Fact]
    public void Creating_a_segment_of_no_bytes_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SharedMemorySegment.Create(0, 0, "test"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SharedMemorySegment.Create(0, SharedMemorySegment.MaxLength + 1, "test"));
    }
}

