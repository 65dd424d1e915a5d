using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Quiver.Arrow.CData;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>
/// Counts how often a foreign producer's release callback runs for one exported struct: the
/// struct's release pointer is swapped for a counting callback that forwards to the original.
/// The original is found again by the struct's private_data, which a consumer that moves the
/// struct copies along unchanged. The original release is called every time, never skipped, so
/// a second call (a consumer bug) is counted and left to the producer's own null check.
/// </summary>
public sealed unsafe class ForeignRelease : IDisposable
{
    private static readonly ConcurrentDictionary<nint, ForeignRelease> ByPrivateData = new();

    private readonly nint _privateData;
    private readonly nint _originalRelease;
    private int _count;

    private ForeignRelease(nint privateData, nint originalRelease)
    {
        _privateData = privateData;
        _originalRelease = originalRelease;
    }

    public int Count => Volatile.Read(ref _count);

    public static ForeignRelease Interpose(CArrowArray* array)
    {
        var probe = Register(array->private_data, (nint)array->release);
        array->release = &ReleaseArray;
        return probe;
    }

    public static ForeignRelease Interpose(CArrowSchema* schema)
    {
        var probe = Register(schema->private_data, (nint)schema->release);
        schema->release = &ReleaseSchema;
        return probe;
    }

    /// <summary>Stops watching, unless the struct is still unreleased: its release must still find the original then.</summary>
    public void Dispose()
    {
        if (Count > 0)
            ByPrivateData.TryRemove(KeyValuePair.Create(_privateData, this));
    }

    private static ForeignRelease Register(void* privateData, nint release)
    {
        if (release == 0)
            throw new InvalidOperationException("The struct is already released.");
        if (privateData == null)
            throw new InvalidOperationException("The struct has no private_data to recognise it by.");
        // An older entry at the same address belongs to a struct that was released and freed since.
        var probe = new ForeignRelease((nint)privateData, release);
        ByPrivateData[(nint)privateData] = probe;
        return probe;
    }

    [UnmanagedCallersOnly]
    private static void ReleaseArray(CArrowArray* array)
    {
        var probe = Find(array->private_data);
        Interlocked.Increment(ref probe._count);
        ((delegate* unmanaged<CArrowArray*, void>)probe._originalRelease)(array);
    }

    [UnmanagedCallersOnly]
    private static void ReleaseSchema(CArrowSchema* schema)
    {
        var probe = Find(schema->private_data);
        Interlocked.Increment(ref probe._count);
        ((delegate* unmanaged<CArrowSchema*, void>)probe._originalRelease)(schema);
    }

    // An exception cannot cross back into native code, so a release nobody watches ends the process with a reason.
    private static ForeignRelease Find(void* privateData)
    {
        if (!ByPrivateData.TryGetValue((nint)privateData, out var probe))
            Environment.FailFast($"A release callback ran for private_data {(nint)privateData:x} that no ForeignRelease watches.");
        return probe;
    }
}
