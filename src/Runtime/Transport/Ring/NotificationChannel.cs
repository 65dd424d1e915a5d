using Quiver.SharedMemory;

namespace Quiver.Transport.Ring;

/// <summary>
/// The shared mapping between a publisher and one subscriber (docs/protocol.md, "Notification
/// channel"): a sample ring (publisher → subscriber) and a drop ring (subscriber → publisher),
/// each with its tail, head, futex word and sleeper count on cache lines of their own.
/// The publisher creates it as a sealed memfd; both sides map it read-write. The mapping is
/// reference counted like <see cref="SharedMemorySegment"/>: whoever reads or writes it holds a
/// reference, so it is never unmapped under a running access.
/// </summary>
internal sealed unsafe class NotificationChannel
{
    public const int SampleTailOffset = 0;
    public const int SampleHeadOffset = 64;
    public const int SampleWordOffset = 128;
    public const int SampleSleepersOffset = 132;
    public const int DropTailOffset = 192;
    public const int DropHeadOffset = 256;
    public const int DropWordOffset = 320;
    public const int DropSleepersOffset = 324;
    public const int EntriesOffset = 384;
    public const int SampleEntrySize = FrameHeader.SampleBody;
    public const int DropEntrySize = 8;

    private readonly byte* _address;
    private int _fd;
    private ReferenceCount _references = new("A notification channel");

    private NotificationChannel(int fd, byte* address, long length, int sampleCapacity, int dropCapacity)
    {
        _fd = fd;
        _address = address;
        Length = length;
        SampleCapacity = sampleCapacity;
        DropCapacity = dropCapacity;
    }

    public long Length { get; }
    public int SampleCapacity { get; }
    public int DropCapacity { get; }

    /// <summary>The memfd, open on the creator until it has been sent; -1 afterwards and on receivers.</summary>
    public int FileDescriptor => _fd;

    public ulong* SampleTail => (ulong*)(_address + SampleTailOffset);
    public ulong* SampleHead => (ulong*)(_address + SampleHeadOffset);
    public uint* SampleWord => (uint*)(_address + SampleWordOffset);
    public uint* SampleSleepers => (uint*)(_address + SampleSleepersOffset);
    public ulong* DropTail => (ulong*)(_address + DropTailOffset);
    public ulong* DropHead => (ulong*)(_address + DropHeadOffset);
    public uint* DropWord => (uint*)(_address + DropWordOffset);
    public uint* DropSleepers => (uint*)(_address + DropSleepersOffset);

    /// <summary>Entry <paramref name="position"/> modulo the capacity: always inside the mapping.</summary>
    public byte* SampleEntry(ulong position) => _address + EntriesOffset + (long)(position & (ulong)(SampleCapacity - 1)) * SampleEntrySize;

    public ulong* DropEntry(ulong position) =>
        (ulong*)(_address + EntriesOffset + (long)SampleCapacity * SampleEntrySize + (long)(position & (ulong)(DropCapacity - 1)) * DropEntrySize);

    /// <summary>The smallest power of two that holds <paramref name="queueDepth"/> entries: an honest publisher never has more in flight.</summary>
    public static int CapacityFor(int queueDepth) => (int)Math.Max(1, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)queueDepth));

    /// <summary>The byte length of a channel with these capacities, a whole number of pages.</summary>
    public static long LengthFor(int sampleCapacity, int dropCapacity)
    {
        long bytes = EntriesOffset + (long)sampleCapacity * SampleEntrySize + (long)dropCapacity * DropEntrySize;
        return (bytes + 4095) / 4096 * 4096;
    }

    public static NotificationChannel Create(int sampleCapacity, int dropCapacity, string debugName)
    {
        LibcMemory.EnsureLinux();
        long length = LengthFor(sampleCapacity, dropCapacity);
        int fd = LibcMemory.MemfdCreate(debugName, LibcMemory.MfdCloexec | LibcMemory.MfdAllowSealing);
        if (fd < 0)
            throw LibcMemory.Failure("memfd_create of a notification channel");
        try
        {
            if (LibcMemory.Ftruncate(fd, length) != 0)
                throw LibcMemory.Failure("ftruncate of a notification channel");
            // Sealed like a segment: a peer that shrank the file would turn our accesses into SIGBUS.
            if (LibcMemory.Fcntl(fd, LibcMemory.FAddSeals, LibcMemory.FSealShrink | LibcMemory.FSealGrow | LibcMemory.FSealSeal) != 0)
                throw LibcMemory.Failure("sealing a notification channel");
            return new NotificationChannel(fd, Map(fd, length, "a new notification channel"), length, sampleCapacity, dropCapacity);
        }
        catch
        {
            LibcMemory.Close(fd);
            throw;
        }
    }

    /// <summary>
    /// Maps a channel received from the publisher. Takes ownership of <paramref name="fd"/>. The file
    /// must be a regular file of exactly the length the announced capacities imply, sealed against
    /// shrinking and growing; otherwise it is an <see cref="IOException"/>.
    /// </summary>
    public static NotificationChannel Open(int fd, int sampleCapacity, int dropCapacity, long length)
    {
        LibcMemory.EnsureLinux();
        try
        {
            if (length != LengthFor(sampleCapacity, dropCapacity))
                throw new IOException($"The notification channel is announced with {length} bytes; its capacities need {LengthFor(sampleCapacity, dropCapacity)}.");
            var status = FileStatus.OfDescriptor(fd);
            if (status.FileType != LibcMemory.SIfReg)
                throw new IOException("The notification channel's descriptor is not a regular file.");
            if (status.Size != length)
                throw new IOException($"The notification channel's file holds {status.Size} bytes but {length} were announced.");
            int seals = LibcMemory.Fcntl(fd, LibcMemory.FGetSeals, 0);
            int needed = LibcMemory.FSealShrink | LibcMemory.FSealGrow;
            if (seals < 0 || (seals & needed) != needed)
                throw new IOException("The notification channel's file is not sealed against shrinking and growing.");
            return new NotificationChannel(-1, Map(fd, length, "a received notification channel"), length, sampleCapacity, dropCapacity);
        }
        finally
        {
            LibcMemory.Close(fd);
        }
    }

    private static byte* Map(int fd, long length, string what)
    {
        nint address = LibcMemory.Mmap(0, (nuint)length, LibcMemory.ProtRead | LibcMemory.ProtWrite, LibcMemory.MapShared, fd, 0);
        if (address == LibcMemory.MapFailed)
            throw LibcMemory.Failure($"mmap of {what}");
        return (byte*)address;
    }

    /// <summary>Closes the creator's descriptor once the subscriber has its own copy.</summary>
    public void CloseDescriptor()
    {
        if (_fd >= 0)
        {
            LibcMemory.Close(_fd);
            _fd = -1;
        }
    }

    /// <summary>Adds a reference for an access; false once the mapping is gone.</summary>
    public bool TryRetain() => _references.TryRetain();

    /// <summary>Drops one reference; the last one unmaps the channel.</summary>
    public void Release()
    {
        if (!_references.Release())
            return;
        LibcMemory.Munmap((nint)_address, (nuint)Length);
        CloseDescriptor();
    }
}
