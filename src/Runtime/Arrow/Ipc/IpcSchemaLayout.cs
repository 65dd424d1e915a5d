using System.Runtime.CompilerServices;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// A schema flattened the way a record batch message lists it: every field, depth first
/// (pre-order), one field node each, and the total number of buffers. Computed once per schema.
/// </summary>
internal sealed class IpcSchemaLayout
{
    private static readonly ConditionalWeakTable<Schema, IpcSchemaLayout> Cache = new();

    private IpcSchemaLayout(Schema schema)
    {
        var nodes = new List<(Field, FieldPath)>();
        foreach (var field in schema.Fields)
            Flatten(field, null, nodes);
        Nodes = nodes.ToArray();
        BufferCount = Nodes.Sum(n => n.Field.Type.BufferCount);
    }

    public (Field Field, FieldPath Path)[] Nodes { get; }
    public int BufferCount { get; }

    public static IpcSchemaLayout Of(Schema schema) => Cache.GetValue(schema, static s => new IpcSchemaLayout(s));

    private static void Flatten(Field field, FieldPath? parent, List<(Field, FieldPath)> nodes)
    {
        var path = new FieldPath(field.Name, parent);
        nodes.Add((field, path));
        foreach (var child in field.Type.Children)
            Flatten(child, path, nodes);
    }
}
