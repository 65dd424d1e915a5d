using System.Runtime.InteropServices;

namespace Quiver.Tests;

/// <summary>
/// A process started with SIGINT ignored (a background job of a shell script, or under nohup)
/// passes that on to every child it starts, and such a child cannot be stopped with SIGINT
/// (Ctrl+C), which is how the tests stop <c>quiver record</c> and <c>quiver play</c>. The test
/// host therefore stops ignoring SIGINT before it starts a child; a handler (the runtime's) is
/// left alone.
/// </summary>
internal static class InheritedInterrupt
{
    public const int SigInt = 2;
    private const nint Default = 0, Ignored = 1;
    // Larger than struct sigaction on Linux (152 bytes on x86_64 and arm64 with glibc).
    private const int ActionSize = 256;

    public static void StopIgnoring()
    {
        if (HandlerOf(SaveAction()) == Ignored && Signal(SigInt, Default) == -1)
            throw new InvalidOperationException($"signal(SIGINT, SIG_DFL) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    public static bool IsIgnored => HandlerOf(SaveAction()) == Ignored;

    /// <summary>This process's SIGINT action as the kernel keeps it, to be put back with <see cref="RestoreAction"/>.</summary>
    public static byte[] SaveAction()
    {
        var action = new byte[ActionSize];
        if (SigAction(SigInt, null, action) != 0)
            throw new InvalidOperationException($"sigaction(SIGINT) failed: errno {Marshal.GetLastPInvokeError()}.");
        return action;
    }

    public static void RestoreAction(byte[] action)
    {
        if (SigAction(SigInt, action, null) != 0)
            throw new InvalidOperationException($"sigaction(SIGINT) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    public static void Ignore()
    {
        if (Signal(SigInt, Ignored) == -1)
            throw new InvalidOperationException($"signal(SIGINT, SIG_IGN) failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    // struct sigaction starts with the handler on Linux; nothing else of it is read.
    private static nint HandlerOf(byte[] action) => (nint)BitConverter.ToInt64(action, 0);

    [DllImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    private static extern int SigAction(int signal, byte[]? action, byte[]? previous);

    [DllImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static extern nint Signal(int signal, nint handler);
}
