using System.Runtime.InteropServices;

namespace Quiver.Runtime.Tests.SharedMemory;

/// <summary>
/// libc calls the tests make directly: dup stands in for SCM_RIGHTS within one process (a second
/// descriptor of the same file), memfd_create + ftruncate make a file the transport must reject.
/// </summary>
internal static partial class RawDescriptorCalls
{
    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "ftruncate")]
    public static partial int Ftruncate(int fd, long length);
}
