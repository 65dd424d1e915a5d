using System.Runtime.InteropServices;

namespace Quiver.Transport.Ring;

/// <summary>
/// The two futex operations the notification ring needs, on a 32-bit word in a shared mapping.
/// Invariants that make this correct across processes:
/// <list type="bullet">
/// <item>The operations are the shared (not FUTEX_PRIVATE) variants: the kernel keys the wait queue
/// on the page of the shared mapping, so a waker in another process finds the sleeper.</item>
/// <item>A word is an event count: a waker increments it before FUTEX_WAKE, a sleeper reads it
/// before its last check for work and passes that value to FUTEX_WAIT, which returns at once if it
/// changed meanwhile. So a wake between the check and the sleep is never lost.</item>
/// <item>The address is 4-byte aligned and lies in a mapping that outlives the call (the callers
/// hold a reference on the channel).</item>
/// </list>
/// libc's <c>syscall</c> is variadic; its integer and pointer arguments are passed exactly like fixed
/// ones by the Linux x86_64 and arm64 ABIs, which are the only ones Quiver runs on.
/// </summary>
internal static unsafe partial class Futex
{
    private const int FutexWait = 0;
    private const int FutexWake = 1;
    private const int EIntr = 4;
    private const int EAgain = 11;
    private const int ETimedOut = 110;

    private static readonly long SysFutex = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 202,
        Architecture.Arm64 => 98,
        var other => throw new PlatformNotSupportedException($"The futex system call number is not known for {other}."),
    };

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, uint* address, int operation, uint value, TimeSpec* timeout, uint* address2, uint value3);

    /// <summary>
    /// Sleeps while <paramref name="word"/> still holds <paramref name="expected"/>, at most
    /// <paramref name="timeout"/> (infinite: no limit). Returns on a wake, a changed word, a signal or
    /// the timeout; the caller re-checks its condition in every case.
    /// </summary>
    public static void Wait(uint* word, uint expected, TimeSpan timeout)
    {
        TimeSpec spec = default;
        TimeSpec* limit = null;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            long ticks = Math.Max(0, timeout.Ticks);
            spec.Seconds = ticks / TimeSpan.TicksPerSecond;
            spec.Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100;
            limit = &spec;
        }
        if (Syscall(SysFutex, word, FutexWait, expected, limit, null, 0) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is not (EAgain or EIntr or ETimedOut))
                throw new IOException($"futex wait failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
    }

    /// <summary>Bumps the event count and wakes every sleeper on <paramref name="word"/>.</summary>
    public static void Signal(uint* word)
    {
        Interlocked.Increment(ref *(int*)word);
        Syscall(SysFutex, word, FutexWake, int.MaxValue, null, null, 0);
    }
}
