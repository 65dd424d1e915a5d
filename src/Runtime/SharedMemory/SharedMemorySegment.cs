using Quiver.Arrow.Memory;

namespace Quiver.SharedMemory;

/// <summary>
/// One shared-memory region: a sealed <c>memfd</c> mapped into this process. The publisher
/// creates it read-write; subscribers map the received descriptor read-only.
/// The mapping is reference counted: the creator (or the subscriber's segment table) holds one
/// reference and every sample in use holds another, so a received mapping stays valid after the
/// publisher that made it has gone, until the last sample over it is released.
/// </summary>
public sealed unsafe class SharedMemorySegment
{
    /// <summary>The largest segment: a sample's memory is a <see cref="Memory{T}"/>, indexed by int.</summary>
    public const long MaxLength = int.MaxValue / 4096 * 4096L;

    private readonly byte* _address;
    private readonly UnmanagedMemoryManager _memory;
    private int _fd;
    private ReferenceCount _references;

    private SharedMemorySegment(uint id, int fd, byte* address, int length, bool writable)
    {
        Id = id;
        _fd = fd;
        _address = address;
        Length = length;
        IsWritable = writable;
        _references = new ReferenceCount($"Segment {id}");
        _memory = new UnmanagedMemoryManager(address, length);
    }

    /// <summary>The publisher-assigned id that frames use to name this segment.</summary>
    public uint Id { get; }
    public int Length { get; }
    public bool IsWritable { get; }
    public bool IsReleased => _references.IsZero;

    /// <summary>The memfd, kept open by the creator so it can be sent to subscribers that join later; -1 on receivers.</summary>
    internal int FileDescriptor => _fd;

    /// <summary>Creates a sealed memfd of <paramref name="length"/> bytes and maps it read-write.</summary>
    public static SharedMemorySegment Create(uint id, long length, string debugName)
    {
        LibcMemory.EnsureLinux();
        if (length <= 0 || length > MaxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A segment holds 1 to {MaxLength} bytes.");
        int fd = LibcMemory.MemfdCreate(debugName, LibcMemory.MfdCloexec | LibcMemory.MfdAllowSealing);
        if (fd < 0)
            throw LibcMemory.Failure("memfd_create");
        try
        {
            if (LibcMemory.Ftruncate(fd, length) != 0)
                throw LibcMemory.Failure("ftruncate of a new segment");
            // Sealed so nobody (this process included) can shrink the file under a mapping, which
            // would turn reads of the missing pages into SIGBUS in every subscriber.
            if (LibcMemory.Fcntl(fd, LibcMemory.FAddSeals, LibcMemory.FSealShrink | LibcMemory.FSealGrow | LibcMemory.FSealSeal) != 0)
                throw LibcMemory.Failure("sealing a new segment");
            nint address = LibcMemory.Mmap(0, (nuint)length, LibcMemory.ProtRead | LibcMemory.ProtWrite, LibcMemory.MapShared, fd, 0);
            if (address == LibcMemory.MapFailed)
                throw LibcMemory.Failure("mmap of a new segment");
            return new SharedMemorySegment(id, fd, (byte*)address, (int)length, writable: true);
        }
        catch
        {
            LibcMemory.Close(fd);
            throw;
        }
    }

    /// <summary>
    /// Maps a descriptor received from a publisher read-only. Takes ownership of <paramref name="fd"/>
    /// (closed here whatever happens: the mapping keeps the memory alive). The file must be a
    /// regular file of exactly <paramref name="length"/> bytes sealed against shrinking, otherwise
    /// the publisher could make our reads fault; a violation is an <see cref="IOException"/>.
    /// </summary>
    public static SharedMemorySegment OpenReadOnly(uint id, int fd, long length)
    {
        LibcMemory.EnsureLinux();
        try
        {
            if (length <= 0 || length > MaxLength)
                throw new IOException($"Segment {id}: announced length {length} is outside 1..{MaxLength}.");
            var status = FileStatus.OfDescriptor(fd);
            if (status.FileType != LibcMemory.SIfReg)
                throw new IOException($"Segment {id}: the received descriptor is not a regular file.");
            if (status.Size != length)
                throw new IOException($"Segment {id}: the file holds {status.Size} bytes but {length} were announced.");
            int seals = LibcMemory.Fcntl(fd, LibcMemory.FGetSeals, 0);
            if (seals < 0 || (seals & LibcMemory.FSealShrink) == 0)
                throw new IOException($"Segment {id}: the file is not sealed against shrinking.");
            nint address = LibcMemory.Mmap(0, (nuint)length, LibcMemory.ProtRead, LibcMemory.MapShared, fd, 0);
            if (address == LibcMemory.MapFailed)
                throw LibcMemory.Failure($"mmap of received segment {id}");
            return new SharedMemorySegment(id, -1, (byte*)address, (int)length, writable: false);
        }
        finally
        {
            LibcMemory.Close(fd);
        }
    }

    /// <summary>Writable window of the segment; only the creator may write.</summary>
    public Memory<byte> GetWritableMemory(int offset, int length)
    {
        if (!IsWritable)
            throw new InvalidOperationException($"Segment {Id} is mapped read-only.");
        return Slice(offset, length);
    }

    public ReadOnlyMemory<byte> GetMemory(int offset, int length) => Slice(offset, length);

    private Memory<byte> Slice(int offset, int length)
    {
        ObjectDisposedException.ThrowIf(IsReleased, this);
        if ((ulong)(uint)offset + (uint)length > (ulong)Length || offset < 0 || length < 0)
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, +{length}) is outside segment {Id} of {Length} bytes.");
        return _memory.Memory.Slice(offset, length);
    }

    /// <summary>Adds a reference for a new user of the mapping; false if the mapping is already gone.</summary>
    public bool TryRetain() => _references.TryRetain();

    /// <summary>Drops one reference; the last one unmaps the segment and closes its descriptor.</summary>
    public void Release()
    {
        if (!_references.Release())
            return;
        LibcMemory.Munmap((nint)_address, (nuint)Length);
        if (_fd >= 0)
        {
            LibcMemory.Close(_fd);
            _fd = -1;
        }
    }
}
