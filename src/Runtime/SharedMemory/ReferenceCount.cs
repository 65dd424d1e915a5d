namespace Quiver.SharedMemory;

/// <summary>
/// The users of a mapping: one for its creator, one more per <see cref="TryRetain"/>. Once the
/// count has reached zero it never rises again, so a user that comes too late is refused instead
/// of reviving a mapping that is being unmapped. A mutable struct: keep it in a field, never copy it.
/// </summary>
internal struct ReferenceCount
{
    private readonly string _owner;
    private int _count;

    /// <param name="owner">What is counted, for the message of a release too many (e.g. "Segment 3").</param>
    public ReferenceCount(string owner)
    {
        _owner = owner;
        _count = 1;
    }

    public bool IsZero => Volatile.Read(ref _count) == 0;

    /// <summary>Adds a user; false once the count has reached zero.</summary>
    public bool TryRetain()
    {
        int current = Volatile.Read(ref _count);
        while (current > 0)
        {
            int seen = Interlocked.CompareExchange(ref _count, current + 1, current);
            if (seen == current)
                return true;
            current = seen;
        }
        return false;
    }

    /// <summary>Removes a user; true for the last one, who tears the mapping down. Throws if released more often than retained.</summary>
    public bool Release()
    {
        int left = Interlocked.Decrement(ref _count);
        if (left < 0)
            throw new InvalidOperationException($"{_owner} was released more times than it was retained.");
        return left == 0;
    }
}
