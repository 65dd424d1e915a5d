using System.Buffers;
using System.Runtime.InteropServices;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.CData;

/// <summary>
/// The owner of one array export. It holds every allocation (one native block for the child
/// structs and the buffer / children pointer arrays), every pin that keeps managed buffers in
/// place, and the caller's <c>onReleased</c> hook. Every exported struct — root and each
/// descendant — holds one reference; the spec lets a consumer move children out and release them
/// in any order, so the memory goes, and the hook runs, only when the last of them is released.
/// All structs share one <c>private_data</c>: a <see cref="GCHandle"/> to this object.
/// </summary>
internal sealed unsafe class ExportedArray
{
    private readonly List<MemoryHandle> _pins = [];
    private readonly IDisposable? _onReleased;
    private GCHandle _self;
    private byte* _block;
    private nuint _blockUsed;
    private nuint _blockSize;
    private int _references;

    private ExportedArray(IDisposable? onReleased) => _onReleased = onReleased;

    public static void Export(ArrayData root, CArrowArray* output, IDisposable? onReleased)
    {
        var (nodes, pointerSlots) = Measure(root);
        var export = new ExportedArray(onReleased);
        try
        {
            export._blockSize = (nuint)(nodes - 1) * (nuint)sizeof(CArrowArray) + (nuint)pointerSlots * (nuint)sizeof(void*);
            export._block = (byte*)NativeMemory.AllocZeroed(Math.Max(export._blockSize, 1));
            export._self = GCHandle.Alloc(export);
            export._references = nodes;
            var target = stackalloc CArrowArray[1];
            export.Fill(root, target);
            // Written last and in one piece: until here the consumer's struct is untouched.
            *output = *target;
        }
        catch
        {
            export.FreeResources();
            throw;
        }
    }

    /// <summary>Counts structs and pointer slots, and refuses data whose shape does not match its type.</summary>
    private static (int Nodes, long PointerSlots) Measure(ArrayData data)
    {
        if (data.Buffers.Length != data.Type.BufferCount)
            throw new ArgumentException($"A {data.Type} array needs {data.Type.BufferCount} buffers, this one has {data.Buffers.Length}.");
        if (data.Children.Length != data.Type.Children.Count)
            throw new ArgumentException($"A {data.Type} array needs {data.Type.Children.Count} children, this one has {data.Children.Length}.");
        if ((data.Dictionary is null) != (data.Type is not DictionaryType))
            throw new ArgumentException($"A {data.Type} array {(data.Dictionary is null ? "needs" : "cannot have")} a dictionary.");
        var nodes = 1;
        long slots = data.Buffers.Length + data.Children.Length;
        foreach (var child in data.Children.Append(data.Dictionary).OfType<ArrayData>())
        {
            var (childNodes, childSlots) = Measure(child);
            nodes += childNodes;
            slots += childSlots;
        }
        return (nodes, slots);
    }

    private void Fill(ArrayData data, CArrowArray* target)
    {
        var buffers = (void**)Take((nuint)data.Buffers.Length * (nuint)sizeof(void*));
        var usesZeroedBlock = false;
        for (var i = 0; i < data.Buffers.Length; i++)
        {
            var memory = data.Buffers[i].Memory;
            if (!memory.IsEmpty)
            {
                var pin = memory.Pin();
                _pins.Add(pin);
                buffers[i] = pin.Pointer;
            }
            else if (i == 0 && data.Type.Id != ArrowTypeId.Null)
            {
                // An empty validity bitmap means no nulls, and the spec allows null exactly then.
                buffers[i] = null;
            }
            else
            {
                buffers[i] = ZeroedBlock.Pointer;
                usesZeroedBlock = true;
            }
        }

        var children = (CArrowArray**)Take((nuint)data.Children.Length * (nuint)sizeof(CArrowArray*));
        for (var i = 0; i < data.Children.Length; i++)
        {
            children[i] = (CArrowArray*)Take((nuint)sizeof(CArrowArray));
            Fill(data.Children[i], children[i]);
        }
        CArrowArray* dictionary = null;
        if (data.Dictionary is { } values)
        {
            dictionary = (CArrowArray*)Take((nuint)sizeof(CArrowArray));
            Fill(values, dictionary);
        }

        *target = new CArrowArray
        {
            length = data.Length,
            null_count = data.NullCount,
            // An empty buffer only stands in for a zero-length array; its offset is meaningless, but a
            // consumer would still read offsets[offset] from the shared zero block, which is short.
            offset = usesZeroedBlock && data.Length == 0 ? 0 : data.Offset,
            n_buffers = data.Buffers.Length,
            n_children = data.Children.Length,
            buffers = data.Buffers.Length == 0 ? (void**)ZeroedBlock.Pointer : buffers,
            children = data.Children.Length == 0 ? null : children,
            dictionary = dictionary,
            release = &Release,
            private_data = (void*)GCHandle.ToIntPtr(_self),
        };
    }

    /// <summary>Hands out the next piece of the block; <see cref="Measure"/> sized the block for exactly this walk.</summary>
    private byte* Take(nuint size)
    {
        var piece = _block + _blockUsed;
        _blockUsed += size;
        if (_blockUsed > _blockSize)
            throw new InvalidOperationException("The export block is smaller than the walk over the array needs.");
        return piece;
    }

    [UnmanagedCallersOnly]
    private static void Release(CArrowArray* array)
    {
        try
        {
            // The spec: release walks the children first; a child the consumer moved out is already
            // marked released here and keeps its own reference until its own release.
            for (long i = 0; i < array->n_children; i++)
            {
                var child = array->children[i];
                if (child->release != null)
                    child->release(child);
            }
            if (array->dictionary != null && array->dictionary->release != null)
                array->dictionary->release(array->dictionary);
            var export = (ExportedArray)GCHandle.FromIntPtr((nint)array->private_data).Target!;
            array->release = null;
            array->private_data = null;
            if (Interlocked.Decrement(ref export._references) == 0)
                export.ReleaseLast();
        }
        catch (Exception e)
        {
            CDataCallbackErrors.Report(e);
        }
    }

    private void ReleaseLast()
    {
        try
        {
            FreeResources();
        }
        finally
        {
            _onReleased?.Dispose();
        }
    }

    private void FreeResources()
    {
        foreach (var pin in _pins)
            pin.Dispose();
        _pins.Clear();
        if (_block != null)
        {
            NativeMemory.Free(_block);
            _block = null;
        }
        if (_self.IsAllocated)
            _self.Free();
    }
}
