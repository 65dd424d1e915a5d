namespace Quiver.SharedMemory;

/// <summary>
/// Free ranges of one segment, sorted by offset and coalesced with their neighbours on free,
/// allocated first-fit. Every offset and length is a multiple of <see cref="SampleAllocator.Alignment"/>.
/// </summary>
internal sealed class SegmentFreeList
{
    private readonly List<(int Offset, int Length)> _free = new();

    public SegmentFreeList(int length)
    {
        Length = length;
        _free.Add((0, length));
        FreeBytes = length;
    }

    public int Length { get; }
    public int FreeBytes { get; private set; }
    public int FreeRangeCount => _free.Count;

    public bool TryTake(int capacity, out int offset)
    {
        for (int i = 0; i < _free.Count; i++)
        {
            var range = _free[i];
            if (range.Length < capacity)
                continue;
            offset = range.Offset;
            if (range.Length == capacity)
                _free.RemoveAt(i);
            else
                _free[i] = (range.Offset + capacity, range.Length - capacity);
            FreeBytes -= capacity;
            return true;
        }
        offset = 0;
        return false;
    }

    public void Return(int offset, int capacity)
    {
        int index = FindInsertionIndex(offset);
        bool joinsPrevious = index > 0 && _free[index - 1].Offset + _free[index - 1].Length == offset;
        bool joinsNext = index < _free.Count && offset + capacity == _free[index].Offset;
        if (joinsPrevious && joinsNext)
        {
            _free[index - 1] = (_free[index - 1].Offset, _free[index - 1].Length + capacity + _free[index].Length);
            _free.RemoveAt(index);
        }
        else if (joinsPrevious)
            _free[index - 1] = (_free[index - 1].Offset, _free[index - 1].Length + capacity);
        else if (joinsNext)
            _free[index] = (offset, capacity + _free[index].Length);
        else
            _free.Insert(index, (offset, capacity));
        FreeBytes += capacity;
    }

    private int FindInsertionIndex(int offset)
    {
        int low = 0, high = _free.Count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_free[middle].Offset < offset)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }
}
