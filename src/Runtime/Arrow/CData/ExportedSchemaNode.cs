using System.Runtime.InteropServices;

namespace Quiver.Arrow.CData;

/// <summary>
/// Writes a <see cref="SchemaNode"/> tree into C structs. Each struct owns exactly one native
/// block, pointed to by its <c>private_data</c>, holding its strings, its metadata, its children
/// pointer array and the child structs themselves. A child's own strings live in the child's
/// block, so a consumer may move a child out and release it after the parent: the parent's
/// release frees only the slot the child was copied from.
/// </summary>
internal static unsafe class ExportedSchemaNode
{
    public static void Write(SchemaNode node, CArrowSchema* target)
    {
        var format = NativeUtf8.Terminated(node.Format);
        var name = NativeUtf8.Terminated(node.Name);
        var metadataLength = node.Metadata?.Length ?? 0;
        var childCount = node.Children.Length;
        var pointersSize = (nuint)childCount * (nuint)sizeof(CArrowSchema*);
        // The dictionary's struct, when there is one, follows the children's.
        var structCount = childCount + (node.Dictionary is null ? 0 : 1);
        var structsSize = (nuint)structCount * (nuint)sizeof(CArrowSchema);
        var block = (byte*)NativeMemory.Alloc(pointersSize + structsSize + (nuint)format.Length + (nuint)name.Length + (nuint)metadataLength);

        // Pointers first, then the 8-byte-aligned structs, then the byte strings: every field stays aligned.
        var children = (CArrowSchema**)block;
        var childStructs = (CArrowSchema*)(block + pointersSize);
        var text = block + pointersSize + structsSize;
        format.CopyTo(new Span<byte>(text, format.Length));
        name.CopyTo(new Span<byte>(text + format.Length, name.Length));
        var metadata = node.Metadata is null ? null : text + format.Length + name.Length;
        node.Metadata?.CopyTo(new Span<byte>(metadata, metadataLength));

        for (var i = 0; i < structCount; i++)
        {
            if (i < childCount)
                children[i] = childStructs + i;
            try
            {
                Write(i < childCount ? node.Children[i] : node.Dictionary!, childStructs + i);
            }
            catch
            {
                for (var j = 0; j < i; j++)
                    childStructs[j].release(childStructs + j);
                NativeMemory.Free(block);
                throw;
            }
        }

        *target = new CArrowSchema
        {
            format = text,
            name = text + format.Length,
            metadata = metadata,
            flags = node.Flags,
            n_children = childCount,
            children = childCount == 0 ? null : children,
            dictionary = node.Dictionary is null ? null : childStructs + childCount,
            release = &Release,
            private_data = block,
        };
    }

    [UnmanagedCallersOnly]
    private static void Release(CArrowSchema* schema)
    {
        try
        {
            // The spec: release walks the children first; a child moved out is already marked released.
            for (long i = 0; i < schema->n_children; i++)
            {
                var child = schema->children[i];
                if (child->release != null)
                    child->release(child);
            }
            if (schema->dictionary != null && schema->dictionary->release != null)
                schema->dictionary->release(schema->dictionary);
            NativeMemory.Free(schema->private_data);
            schema->private_data = null;
            schema->release = null;
        }
        catch (Exception e)
        {
            CDataCallbackErrors.Report(e);
        }
    }
}
