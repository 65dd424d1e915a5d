namespace Quiver.Tests;

/// <summary>
/// Runs finalizers until what they release is released: one collection may come before the object
/// is unreachable, and the release may finish on another thread (a drop token the publisher applies).
/// </summary>
public static class Finalizers
{
    /// <summary>Collects and runs pending finalizers until <paramref name="released"/> holds; false after <paramref name="timeout"/>.</summary>
    public static bool RunUntil(Func<bool> released, TimeSpan timeout) =>
        SpinWait.SpinUntil(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return released();
        }, timeout);
}
