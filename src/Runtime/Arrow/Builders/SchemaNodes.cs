using System.Runtime.CompilerServices;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Builders;

/// <summary>
/// The arrays of a schema in the depth-first order of IPC field nodes, with their paths and the
/// number of IPC buffers they have. Worked out once per schema instance and shared by every
/// <see cref="RecordBatchSizes"/> and plan of it: a publisher plans a layout per message.
/// </summary>
internal sealed class SchemaNodes
{
    private static readonly ConditionalWeakTable<Schema, SchemaNodes> Cache = new();

    private SchemaNodes(Schema schema)
    {
        var fields = new List<Field>();
        var paths = new List<string>();
        foreach (var field in schema.Fields)
            Add(field, field.Name, fields, paths);
        Fields = fields.ToArray();
        Paths = paths.ToArray();
        BufferCount = Fields.Sum(field => field.Type.BufferCount);
    }

    /// <summary>Throws <see cref="ArrowNotSupportedException"/> for a field the builders cannot write with 32-bit offsets.</summary>
    public static SchemaNodes Of(Schema schema) => Cache.GetValue(schema, static s => new SchemaNodes(s));

    public Field[] Fields { get; }

    /// <summary>Field names from the column down, joined by dots (<c>pose.position.x</c>).</summary>
    public string[] Paths { get; }

    /// <summary>The IPC buffers of a batch of this schema, empty validity regions included.</summary>
    public int BufferCount { get; }

    private static void Add(Field field, string path, List<Field> fields, List<string> paths)
    {
        if (field.Type is LargeUtf8Type or LargeBinaryType or LargeListType)
            throw new ArrowNotSupportedException($"Quiver's builders write string, binary and list with 32-bit offsets; field '{path}' is {field.Type}.");
        fields.Add(field);
        paths.Add(path);
        foreach (var child in field.Type.Children)
            Add(child, path + "." + child.Name, fields, paths);
    }
}
