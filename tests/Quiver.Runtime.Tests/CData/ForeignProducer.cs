using System.Runtime.InteropServices;
using System.Text;
using Quiver.Arrow.CData;

namespace Quiver.Runtime.Tests.CData;

/// <summary>
/// A stand-in for a C library that exports Arrow data: structs, buffers and strings in native
/// memory, and release callbacks that only count how often they ran (through a counter that
/// private_data points to) and mark the struct released, releasing children first as the spec
/// requires. Nothing is freed by the callbacks, so a test can still read the counters after a
/// release; <see cref="Dispose"/> frees everything at the end of the test.
/// </summary>
internal sealed unsafe class ForeignProducer : IDisposable
{
    private readonly List<nint> _allocations = [];

    public void* Alloc(long bytes)
    {
        var block = NativeMemory.AllocZeroed((nuint)Math.Max(bytes, 1));
        _allocations.Add((nint)block);
        return block;
    }

    public void* Buffer(byte[] bytes)
    {
        var block = Alloc(bytes.Length);
        bytes.CopyTo(new Span<byte>(block, bytes.Length));
        return block;
    }

    public byte* Text(string? text) => text is null ? null : (byte*)Buffer([.. Encoding.UTF8.GetBytes(text), 0]);

    public CArrowArray* Array(long length, long nullCount, long offset, void*[] buffers, params CArrowArray*[] children)
    {
        var array = (CArrowArray*)Alloc(sizeof(CArrowArray));
        var bufferArray = (void**)Alloc(buffers.Length * sizeof(void*));
        for (var i = 0; i < buffers.Length; i++)
            bufferArray[i] = buffers[i];
        var childArray = (CArrowArray**)Alloc(children.Length * sizeof(CArrowArray*));
        for (var i = 0; i < children.Length; i++)
            childArray[i] = children[i];
        *array = new CArrowArray
        {
            length = length,
            null_count = nullCount,
            offset = offset,
            n_buffers = buffers.Length,
            n_children = children.Length,
            buffers = bufferArray,
            children = children.Length == 0 ? null : childArray,
            release = &ReleaseArray,
            private_data = Alloc(sizeof(int)),
        };
        return array;
    }

    public CArrowSchema* Schema(string? format, string? name = "", long flags = CArrowSchema.ARROW_FLAG_NULLABLE, byte[]? metadata = null, params CArrowSchema*[] children)
    {
        var schema = (CArrowSchema*)Alloc(sizeof(CArrowSchema));
        var childArray = (CArrowSchema**)Alloc(children.Length * sizeof(CArrowSchema*));
        for (var i = 0; i < children.Length; i++)
            childArray[i] = children[i];
        *schema = new CArrowSchema
        {
            format = Text(format),
            name = Text(name),
            metadata = metadata is null ? null : (byte*)Buffer(metadata),
            flags = flags,
            n_children = children.Length,
            children = children.Length == 0 ? null : childArray,
            release = &ReleaseSchema,
            private_data = Alloc(sizeof(int)),
        };
        return schema;
    }

    public static int Releases(CArrowArray* array) => *(int*)array->private_data;

    public static int Releases(CArrowSchema* schema) => *(int*)schema->private_data;

    [UnmanagedCallersOnly]
    private static void ReleaseArray(CArrowArray* array)
    {
        for (long i = 0; array->children != null && i < array->n_children; i++)
        {
            var child = array->children[i];
            if (child != null && child->release != null)
                child->release(child);
        }
        (*(int*)array->private_data)++;
        array->release = null;
    }

    [UnmanagedCallersOnly]
    private static void ReleaseSchema(CArrowSchema* schema)
    {
        for (long i = 0; schema->children != null && i < schema->n_children; i++)
        {
            var child = schema->children[i];
            if (child != null && child->release != null)
                child->release(child);
        }
        (*(int*)schema->private_data)++;
        schema->release = null;
    }

    public void Dispose()
    {
        foreach (var block in _allocations)
            NativeMemory.Free((void*)block);
        _allocations.Clear();
    }
}
