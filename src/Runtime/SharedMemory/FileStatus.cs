using System.Buffers.Binary;

namespace Quiver.SharedMemory;

/// <summary>The fields of <c>struct statx</c> that Quiver checks (its layout is the same on every architecture).</summary>
internal readonly record struct FileStatus(uint OwnerUid, int Mode, ulong Inode, long Size)
{
    private const int ENoEnt = 2;

    public int FileType => Mode & LibcMemory.SIfMt;
    public int Permissions => Mode & 0xFFF;

    public static FileStatus OfDescriptor(int fd) => Query(fd, "", LibcMemory.AtEmptyPath, "statx of a file descriptor");

    /// <summary>Status of the path itself (symbolic links are not followed); null if it does not exist.</summary>
    public static FileStatus? OfPath(string path)
    {
        try
        {
            return Query(LibcMemory.AtFdCwd, path, LibcMemory.AtSymlinkNoFollow, $"statx of '{path}'");
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static unsafe FileStatus Query(int directoryFd, string path, int flags, string what)
    {
        byte* buffer = stackalloc byte[LibcMemory.StatxBufferSize];
        uint mask = LibcMemory.StatxType | LibcMemory.StatxMode | LibcMemory.StatxUid | LibcMemory.StatxIno | LibcMemory.StatxSize;
        if (LibcMemory.Statx(directoryFd, path, flags, mask, buffer) != 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            var error = LibcMemory.Failure(what, errno);
            throw errno == ENoEnt ? new FileNotFoundException(error.Message, path) : error;
        }
        // Offsets of struct statx (linux/stat.h): uid at 20, mode at 28, ino at 32, size at 40.
        var bytes = new ReadOnlySpan<byte>(buffer, LibcMemory.StatxBufferSize);
        return new FileStatus(
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[40..]));
    }
}
