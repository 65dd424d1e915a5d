using System.Runtime.InteropServices;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>The open-file limit (RLIMIT_NOFILE) of this process, which a test holding thousands of sockets raises.</summary>
internal static unsafe partial class DescriptorLimit
{
    private const int NoFile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct Limit
    {
        public ulong Soft;
        public ulong Hard;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetLimit(int resource, Limit* limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetLimit(int resource, Limit* limit);

    /// <summary>Raises the soft limit to the hard one (an unprivileged process may) and returns it.</summary>
    public static long RaiseSoftToHard()
    {
        Limit limit;
        Assert.Equal(0, GetLimit(NoFile, &limit));
        if (limit.Soft < limit.Hard)
        {
            limit.Soft = limit.Hard;
            Assert.Equal(0, SetLimit(NoFile, &limit));
        }
        return (long)Math.Min(limit.Soft, int.MaxValue);
    }
}
