using Quiver.Arrow.Types;

namespace Quiver.Arrow.CData;

/// <summary>
/// Imports <see cref="CArrowSchema"/> structs from any producer. Each method reads everything it
/// needs into managed objects and then calls the producer's <c>release</c> exactly once (and
/// leaves it null), whether the import succeeded or failed. Failures are
/// <see cref="ArrowFormatException"/>, or <see cref="ArrowNotSupportedException"/> naming the
/// format string of a type Quiver does not implement.
/// </summary>
public static unsafe class CArrowSchemaImporter
{
    /// <summary>Nesting deeper than this is refused rather than risking the stack on a hostile or cyclic producer.</summary>
    public const int MaxDepth = 64;

    /// <summary>More children than this on one struct is refused before anything is allocated for them.</summary>
    public const int MaxChildren = 1 << 20;

    /// <summary>A record batch schema: a struct (<c>+s</c>) whose children are the fields; its metadata is the schema's.</summary>
    public static Schema ImportSchema(CArrowSchema* schema) => ReadAndRelease(schema, &ReadSchema);

    public static Field ImportField(CArrowSchema* schema) => ReadAndRelease(schema, &ReadRootField);

    /// <summary>The type only; the struct's name, nullability and metadata are read for validity and dropped.</summary>
    public static ArrowType ImportType(CArrowSchema* schema) => ReadAndRelease(schema, &ReadRootType);

    private static T ReadAndRelease<T>(CArrowSchema* schema, delegate*<CArrowSchema*, T> read)
    {
        if (schema == null)
            throw new ArgumentNullException(nameof(schema));
        if (schema->release == null)
            throw new ArrowFormatException("The ArrowSchema is already released (its release callback is null).");
        try
        {
            return read(schema);
        }
        finally
        {
            schema->release(schema);
            schema->release = null;
        }
    }

    private static Schema ReadSchema(CArrowSchema* schema)
    {
        var root = ReadField(schema, 0, "schema");
        if (root.Type is not StructType st)
            throw new ArrowFormatException($"Invalid ArrowSchema at schema: a record batch schema has format '+s', not '{CDataFormat.Of(root.Type)}'.");
        return new Schema(st.Fields, root.Metadata);
    }

    private static Field ReadRootField(CArrowSchema* schema) => ReadField(schema, 0, "field");

    private static ArrowType ReadRootType(CArrowSchema* schema) => ReadField(schema, 0, "type").Type;

    private static Field ReadField(CArrowSchema* node, int depth, string path)
    {
        if (depth > MaxDepth)
            throw Fail(path, $"nesting is deeper than {MaxDepth} levels");
        if (node->release == null)
            throw Fail(path, "the struct is released (its release callback is null)");
        var format = NativeUtf8.Read(node->format, $"ArrowSchema format at {path}") ?? throw Fail(path, "format is null");
        var name = NativeUtf8.Read(node->name, $"ArrowSchema name at {path}") ?? "";
        var parsed = CDataFormat.Parse(format, path);

        if (node->n_children < 0 || node->n_children > MaxChildren)
            throw Fail(path, $"n_children is {node->n_children}");
        var childCount = (int)node->n_children;
        var expected = parsed.ChildCount == ParsedFormat.AnyChildCount ? childCount : parsed.ChildCount;
        if (childCount != expected)
            throw Fail(path, $"format '{format}' takes {expected} children, n_children is {childCount}");
        if (childCount > 0 && node->children == null)
            throw Fail(path, $"children is null but n_children is {childCount}");

        var children = new Field[childCount];
        for (var i = 0; i < childCount; i++)
        {
            var child = node->children[i];
            if (child == null)
                throw Fail(path, $"child {i} is a null pointer");
            children[i] = ReadField(child, depth + 1, $"{path}.{i}");
        }

        var type = parsed.Leaf ?? parsed.Nested!(children);
        if (type is MapType map && (node->flags & CArrowSchema.ARROW_FLAG_MAP_KEYS_SORTED) != 0)
            type = new MapType(map.EntriesField, keysSorted: true);
        if (node->dictionary != null)
            type = ReadDictionary(node, type, depth, path);
        var metadata = CDataMetadata.Decode(node->metadata, path);
        return new Field(name, type, (node->flags & CArrowSchema.ARROW_FLAG_NULLABLE) != 0, metadata);
    }

    /// <summary>The struct itself describes the indices, its <c>dictionary</c> the values.</summary>
    private static DictionaryType ReadDictionary(CArrowSchema* node, ArrowType indexType, int depth, string path)
    {
        if (indexType is not IntType index)
            throw Fail(path, $"a dictionary-encoded field's format must be an integer type for its indices, not {indexType}");
        var values = ReadField(node->dictionary, depth + 1, path + ".dictionary").Type;
        if (ContainsDictionary(values))
            throw new ArrowNotSupportedException($"Quiver does not support nested dictionaries: the dictionary at {path} has dictionary-encoded values.");
        return new DictionaryType(index, values, (node->flags & CArrowSchema.ARROW_FLAG_DICTIONARY_ORDERED) != 0);
    }

    private static bool ContainsDictionary(ArrowType type) => type is DictionaryType || type.Children.Any(c => ContainsDictionary(c.Type));

    private static ArrowFormatException Fail(string path, string problem) => new($"Invalid ArrowSchema at {path}: {problem}.");
}
