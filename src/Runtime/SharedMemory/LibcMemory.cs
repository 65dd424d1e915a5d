using System.Runtime.InteropServices;

namespace Quiver.SharedMemory;

/// <summary>
/// The libc calls behind shared-memory segments (Linux, 64-bit). Constants are the Linux UAPI
/// values; they are the same on x86_64 and arm64.
/// </summary>
internal static unsafe partial class LibcMemory
{
    public const uint MfdCloexec = 0x1;
    public const uint MfdAllowSealing = 0x2;

    public const int FAddSeals = 1033;
    public const int FGetSeals = 1034;
    public const int FSealSeal = 0x1;
    public const int FSealShrink = 0x2;
    public const int FSealGrow = 0x4;

    public const int ProtRead = 0x1;
    public const int ProtWrite = 0x2;
    public const int MapShared = 0x1;
    public static readonly nint MapFailed = -1;

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxType = 0x1;
    public const uint StatxMode = 0x2;
    public const uint StatxUid = 0x8;
    public const uint StatxIno = 0x100;
    public const uint StatxSize = 0x200;
    public const int StatxBufferSize = 256;

    public const int SIfMt = 0xF000;
    public const int SIfReg = 0x8000;
    public const int SIfDir = 0x4000;
    public const int SIfSock = 0xC000;

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(int fd, long length);

    // fcntl is variadic; every command used here takes one int argument, which the Linux ABIs
    // on x86_64 and arm64 pass exactly like a fixed int parameter.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "getuid")]
    public static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    public static IOException Failure(string what) => Failure(what, Marshal.GetLastPInvokeError());

    public static IOException Failure(string what, int errno) =>
        new($"{what} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

    public static void EnsureLinux()
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("Quiver shared memory and transport run on Linux only (memfd, SCM_RIGHTS, SO_PEERCRED).");
    }
}
