namespace Quiver.Transport;

/// <summary>
/// The sequences sent to one subscriber and not yet dropped by it. A drop token for anything
/// else (never sent, sent to someone else, already dropped) is a protocol violation.
/// </summary>
internal sealed class InFlightSamples
{
    private readonly HashSet<ulong> _sequences = new();

    public int Count => _sequences.Count;
    public IEnumerable<ulong> Sequences => _sequences;

    public void Add(ulong sequence) => _sequences.Add(sequence);

    public void Drop(ulong sequence)
    {
        if (!_sequences.Remove(sequence))
            throw new ProtocolException($"Drop token for sample {sequence}, which this subscriber does not hold.");
    }

    public void Clear() => _sequences.Clear();
}
