using Quiver.Arrow.Ipc;

namespace Quiver.Arrow.Builders;

/// <summary>The target body, the planned buffer regions in it and the planned dictionaries; hands each builder its own.</summary>
internal readonly struct BodyRegions(Memory<byte> body, IpcBufferRegion[] buffers, PlannedDictionary[] dictionaries)
{
    // The planner placed every region inside BodyLength and the writer checked the body is that long, so the casts are exact.
    public Memory<byte> Buffer(int index) => body.Slice((int)buffers[index].Offset, (int)buffers[index].Length);

    /// <summary>The dictionary planned for the dictionary-encoded array at <paramref name="node"/>.</summary>
    public PlannedDictionary Dictionary(int node) => Array.Find(dictionaries, d => d.Node == node)
        ?? throw new InvalidOperationException($"The layout plans no dictionary for node {node}.");
}
