using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;

namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// Reads each golden stream from native memory, as Quiver reads shared memory, and proves the
/// read is zero-copy: every non-empty buffer of every array, children included, lies inside the
/// native region that holds the stream. The values are compared with the JSON too, so the views
/// over native memory are also correct; unsupported streams must be refused from there as well.
/// </summary>
public sealed class GoldenZeroCopyTests
{
    [Theory]
    [MemberData(nameof(GoldenCases.Streams), MemberType = typeof(GoldenCases))]
    public unsafe void GoldenStreamReadFromNativeMemoryPointsIntoIt(string stream)
    {
        var json = GoldenCases.Load(stream);
        var bytes = File.ReadAllBytes(GoldenFiles.StreamPath(stream));
        // The region is freed only in the outer finally, after every batch and view over it is disposed and unused.
        var region = (byte*)NativeMemory.AlignedAlloc((nuint)bytes.Length, 64);
        try
        {
            bytes.CopyTo(new Span<byte>(region, bytes.Length));
            var memory = new UnmanagedMemoryManager(region, bytes.Length).Memory;
            if (!json.Schema.IsSupported)
            {
                GoldenAssert.Refused($"{stream} (native memory)", json, () => GoldenAssert.DisposeAll(new IpcStreamReader(memory).ReadAll().ToList()));
                return;
            }

            var reader = new IpcStreamReader(memory);
            var batches = new List<RecordBatch>();
            while (reader.ReadNext() is { } batch)
                batches.Add(batch);
            try
            {
                GoldenAssert.MatchesJson($"{stream} (native memory)", json, reader.Schema, batches);
                var checkedBuffers = 0;
                for (var b = 0; b < batches.Count; b++)
                {
                    for (var c = 0; c < batches[b].Columns.Count; c++)
                        checkedBuffers += AssertInside(region, bytes.Length, batches[b].Column(c).Data, $"{stream} batch {b} column '{batches[b].Schema.Fields[c].Name}'");
                }
                if (HasNonNullValues(json))
                    Assert.True(checkedBuffers > 0, $"{stream}: the JSON has values but no array read from it has a non-empty buffer.");
            }
            finally
            {
                GoldenAssert.DisposeAll(batches);
            }
        }
        finally
        {
            NativeMemory.AlignedFree(region);
        }
    }

    /// <summary>Asserts every non-empty buffer of <paramref name="data"/> and its children lies in the region; returns how many were checked.</summary>
    private static unsafe int AssertInside(byte* region, int regionLength, ArrayData data, string path)
    {
        var count = 0;
        for (var i = 0; i < data.Buffers.Length; i++)
        {
            var buffer = data.Buffers[i].Span;
            if (buffer.IsEmpty)
                continue;
            fixed (byte* start = buffer)
            {
                var offset = (nint)(start - region);
                Assert.True(
                    offset >= 0 && offset + buffer.Length <= regionLength,
                    $"{path} ({data.Type}) buffer {i}: {buffer.Length} bytes at region offset {offset}, outside the {regionLength}-byte native region holding the stream (the reader copied it).");
            }
            count++;
        }
        for (var c = 0; c < data.Children.Length; c++)
            count += AssertInside(region, regionLength, data.Children[c], $"{path}.{data.Type.Children[c].Name}");
        return count;
    }

    private static bool HasNonNullValues(IntegrationJsonFile json) =>
        json.Batches.Any(batch => batch.Count > 0 && batch.Columns.Any(column => column.Field.Type is not NullType));
}
