using System.Runtime.InteropServices;

namespace Quiver.Transport.Bench;

/// <summary>
/// --pin: the sending thread runs on CPU 0 and each receiving child's main thread on CPU 1, so
/// the two never share a core however busy the machine is. Unpinned, a busy machine often leaves
/// both on one core, and a latency row then measures context switches (~3.6 µs) instead of the path.
/// </summary>
internal static class CorePinning
{
    private const string ChildCpuVariable = "QUIVER_BENCH_CPU";
    private const int SenderCpu = 0, ReceiverCpu = 1;

    public static bool Enabled { get; private set; }

    /// <summary>In the benchmark process, with --pin: pins the calling (sending) thread and marks children to pin themselves.</summary>
    public static void PinSender()
    {
        Enabled = true;
        PinCurrentThread(SenderCpu);
    }

    /// <summary>What a child started with <paramref name="environment"/> pins itself to.</summary>
    public static void MarkChild(IDictionary<string, string?> environment)
    {
        if (Enabled)
            environment[ChildCpuVariable] = ReceiverCpu.ToString();
    }

    /// <summary>In a child: pins its main thread if the benchmark asked for it.</summary>
    public static void PinChildIfAsked()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable(ChildCpuVariable), out int cpu))
            PinCurrentThread(cpu);
    }

    private static void PinCurrentThread(int cpu)
    {
        ulong mask = 1UL << cpu;
        // pid 0: the calling thread.
        if (sched_setaffinity(0, sizeof(ulong), ref mask) != 0)
            throw new InvalidOperationException($"--pin: sched_setaffinity to CPU {cpu} failed (errno {Marshal.GetLastPInvokeError()}); it needs two CPUs.");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setaffinity(int pid, nint cpusetsize, ref ulong mask);
}
