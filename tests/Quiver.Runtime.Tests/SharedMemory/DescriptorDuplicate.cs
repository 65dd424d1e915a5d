using System.Runtime.InteropServices;

namespace Quiver.Runtime.Tests.SharedMemory;

/// <summary>Stands in for SCM_RIGHTS in single-process tests: a second descriptor of the same file.</summary>
internal static partial class DescriptorDuplicate
{
    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "ftruncate")]
    public static partial int Ftruncate(int fd, long length);
}
