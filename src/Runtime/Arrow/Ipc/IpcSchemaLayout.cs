using System.Runtime.CompilerServices;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Ipc;

/// <summary>
/// A schema flattened the way a record batch message lists it: every field, depth first
/// (pre-order), one field node each, and the total number of buffers; and its dictionary-encoded
/// fields in the same order, each with the one-column schema its dictionary batches are read
/// against. Computed once per schema.
/// </summary>
internal sealed class IpcSchemaLayout
{
    private static readonly ConditionalWeakTable<Schema, IpcSchemaLayout> Cache = new();

    private IpcSchemaLayout(Schema schema)
    {
        var nodes = new List<(Field, FieldPath)>();
        var dictionaries = new List<(Field, FieldPath)>();
        var ordinals = new List<int>();
        foreach (var field in schema.Fields)
            Flatten(field, null, nodes, dictionaries, ordinals);
        Nodes = nodes.ToArray();
        DictionaryOrdinals = ordinals.ToArray();
        DictionaryFields = dictionaries.ToArray();
        DictionaryValueSchemas = DictionaryFields
            .Select(d => new Schema([new Field(d.Field.Name, ((DictionaryType)d.Field.Type).ValueType)]))
            .ToArray();
        BufferCount = Nodes.Sum(n => n.Field.Type.BufferCount);
    }

    public (Field Field, FieldPath Path)[] Nodes { get; }
    public int BufferCount { get; }

    /// <summary>For each node, its position in <see cref="DictionaryFields"/>, or -1 when it is not dictionary-encoded.</summary>
    public int[] DictionaryOrdinals { get; }

    /// <summary>The dictionary-encoded fields, depth first: Quiver writes the dictionary of entry i with id i.</summary>
    public (Field Field, FieldPath Path)[] DictionaryFields { get; }

    /// <summary>For each dictionary field, a schema of one nullable column of its value type.</summary>
    public Schema[] DictionaryValueSchemas { get; }

    public static IpcSchemaLayout Of(Schema schema) => Cache.GetValue(schema, static s => new IpcSchemaLayout(s));

    private static void Flatten(Field field, FieldPath? parent, List<(Field, FieldPath)> nodes, List<(Field, FieldPath)> dictionaries, List<int> ordinals)
    {
        var path = new FieldPath(field.Name, parent);
        nodes.Add((field, path));
        if (field.Type is DictionaryType)
        {
            ordinals.Add(dictionaries.Count);
            dictionaries.Add((field, path));
        }
        else
        {
            ordinals.Add(-1);
        }
        foreach (var child in field.Type.Children)
            Flatten(child, path, nodes, dictionaries, ordinals);
    }
}
