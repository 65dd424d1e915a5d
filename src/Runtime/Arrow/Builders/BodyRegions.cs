using Quiver.Arrow.Ipc;

namespace Quiver.Arrow.Builders;

/// <summary>The target body and the planned buffer regions in it; hands each builder its own slices.</summary>
internal readonly struct BodyRegions(Memory<byte> body, IpcBufferRegion[] buffers)
{
    // The planner placed every region inside BodyLength and the writer checked the body is that long, so the casts are exact.
    public Memory<byte> Buffer(int index) => body.Slice((int)buffers[index].Offset, (int)buffers[index].Length);
}
