using Quiver.SharedMemory;

namespace Quiver.Transport;

/// <summary>
/// The segments a subscriber has mapped, indexed by id. The socket reader thread appends; any thread
/// looks up without locking or allocating (the array is published before the count that covers it).
/// A lookup of a segment not mapped yet can wait, bounded, for the reader: in ring mode a sample may
/// be taken from the ring before the reader has mapped the segment announced just before it.
/// The table holds one reference on each segment until <see cref="ReleaseAll"/>.
/// </summary>
internal sealed class ReceivedSegments
{
    private readonly object _changed = new();
    private SharedMemorySegment[] _table = new SharedMemorySegment[16];
    private int _count;
    private bool _closed;

    /// <summary>Reader thread only.</summary>
    public void Add(SharedMemorySegment segment)
    {
        int count = _count;
        if (count == _table.Length)
        {
            var grown = new SharedMemorySegment[count * 2];
            _table.CopyTo(grown, 0);
            Volatile.Write(ref _table, grown);
        }
        _table[count] = segment;
        Volatile.Write(ref _count, count + 1);
        lock (_changed)
            Monitor.PulseAll(_changed);
    }

    /// <summary>Says no more segments will come (the stream ended): waiters stop waiting.</summary>
    public void Close()
    {
        lock (_changed)
        {
            _closed = true;
            Monitor.PulseAll(_changed);
        }
    }

    /// <summary>The mapped segment <paramref name="id"/>, waiting up to <paramref name="patience"/> for the reader to map it; null if it never came.</summary>
    public SharedMemorySegment? Find(uint id, TimeSpan patience)
    {
        if (id < (uint)Volatile.Read(ref _count))
            return Volatile.Read(ref _table)[id];
        long deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        lock (_changed)
        {
            while (id >= (uint)Volatile.Read(ref _count))
            {
                long left = deadline - Environment.TickCount64;
                if (_closed || left <= 0)
                    return null;
                Monitor.Wait(_changed, (int)Math.Min(left, int.MaxValue));
            }
        }
        return Volatile.Read(ref _table)[id];
    }

    /// <summary>Drops the table's references (samples taken keep their own). Call once no lookup can run.</summary>
    public void ReleaseAll()
    {
        int count = Interlocked.Exchange(ref _count, 0);
        for (int i = 0; i < count; i++)
            _table[i].Release();
        Close();
    }
}
