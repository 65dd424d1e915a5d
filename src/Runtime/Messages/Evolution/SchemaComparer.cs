using Quiver.Arrow;
using Quiver.Arrow.Types;

namespace Quiver.Messages;

/// <summary>
/// One comparison of a publisher's fields with a subscriber's, depth first in the subscriber's
/// field order, then the publisher's fields the subscriber lacks. The first refused change is the
/// reason; on the way it collects what differs and the column map of every struct that needs one.
/// The Python runtime (quiver/evolution.py) walks the same way with the same sentences.
/// </summary>
internal sealed class SchemaComparer
{
    private readonly List<string> _differences = [];

    public IReadOnlyList<string> Differences => _differences;

    /// <summary>The maps of nested structs that need one, by the publisher's struct type (the object, not its value).</summary>
    public Dictionary<ArrowType, StructMap> Nested { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Compares a message's columns; <paramref name="map"/> is null when they are read as they are.</summary>
    public string? Message(IReadOnlyList<Field> publisher, IReadOnlyList<Field> subscriber, out StructMap? map) =>
        Struct("", publisher, subscriber, out map);

    private string? Struct(string path, IReadOnlyList<Field> publisher, IReadOnlyList<Field> subscriber, out StructMap? map)
    {
        map = null;
        if (Index(publisher, out var publisherDuplicate) is not { } publisherIndex)
            return $"the publisher's schema has two fields named '{Join(path, publisherDuplicate!)}'";
        if (Index(subscriber, out var subscriberDuplicate) is not { } subscriberIndex)
            return $"the subscriber's schema has two fields named '{Join(path, subscriberDuplicate!)}'";
        var sources = new int[subscriber.Count];
        // A struct needs a map when any of the subscriber's columns is elsewhere or missing in the publisher's.
        bool needsMap = publisher.Count != subscriber.Count;
        int lastSource = -1;
        bool reordered = false;
        for (var i = 0; i < subscriber.Count; i++)
        {
            var field = subscriber[i];
            string fieldPath = Join(path, field.Name);
            int source = publisherIndex.GetValueOrDefault(field.Name, -1);
            sources[i] = source;
            if (source < 0)
            {
                needsMap = true;
                if (!field.Nullable)
                    return $"field '{fieldPath}' ({TypeText.TypeOf(field)}, not null) is only in the subscriber's schema; only nullable fields may be added or removed";
                _differences.Add($"field '{fieldPath}' is only in the subscriber's schema: it reads as null");
                continue;
            }
            needsMap |= source != i;
            reordered |= source < lastSource;
            lastSource = source;
            if (Field(fieldPath, publisher[source], field) is { } reason)
                return reason;
        }
        foreach (var field in publisher)
        {
            if (subscriberIndex.ContainsKey(field.Name))
                continue;
            string fieldPath = Join(path, field.Name);
            if (!field.Nullable)
                return $"field '{fieldPath}' ({TypeText.TypeOf(field)}, not null) is only in the publisher's schema; only nullable fields may be added or removed";
            _differences.Add($"field '{fieldPath}' is only in the publisher's schema: it is skipped");
        }
        if (reordered)
            _differences.Add($"the fields of {(path.Length == 0 ? "the message" : $"'{path}'")} are in another order");
        if (needsMap)
            map = new StructMap(sources, subscriber);
        return null;
    }

    private string? Field(string path, Field publisher, Field subscriber)
    {
        if (!SameShape(publisher.Type, subscriber.Type) || TypeText.EnumOf(publisher) != TypeText.EnumOf(subscriber))
            return $"field '{path}' is {TypeText.TypeOf(publisher)} in the publisher's schema but {TypeText.TypeOf(subscriber)} in the subscriber's; a field's type cannot change";
        if (publisher.Nullable != subscriber.Nullable)
            return $"field '{path}' is {Nullability(publisher)} in the publisher's schema but {Nullability(subscriber)} in the subscriber's; nullability cannot change";
        switch (publisher.Type, subscriber.Type)
        {
            case (StructType publisherStruct, StructType subscriberStruct):
                if (Struct(path, publisherStruct.Fields, subscriberStruct.Fields, out var map) is { } reason)
                    return reason;
                if (map is not null)
                    Nested.TryAdd(publisherStruct, map);
                return null;
            case (ListType publisherList, ListType subscriberList):
                return Child(path, publisherList.ValueField, subscriberList.ValueField);
            case (LargeListType publisherList, LargeListType subscriberList):
                return Child(path, publisherList.ValueField, subscriberList.ValueField);
            case (FixedSizeListType publisherList, FixedSizeListType subscriberList):
                return Child(path, publisherList.ValueField, subscriberList.ValueField);
            case (MapType publisherMap, MapType subscriberMap):
                return Child(path, publisherMap.KeyField, subscriberMap.KeyField) ?? Child(path, publisherMap.ValueField, subscriberMap.ValueField);
            default:
                return null;
        }
    }

    /// <summary>A list item or map key or value: named as the subscriber names it, and it must be there on both sides.</summary>
    private string? Child(string path, Field publisher, Field subscriber) => Field(Join(path, subscriber.Name), publisher, subscriber);

    /// <summary>Whether two types have the same layout at this level; children are compared on their own.</summary>
    private static bool SameShape(ArrowType publisher, ArrowType subscriber) => (publisher, subscriber) switch
    {
        (StructType, StructType) => true,
        (ListType, ListType) => true,
        (LargeListType, LargeListType) => true,
        (FixedSizeListType a, FixedSizeListType b) => a.ListSize == b.ListSize,
        (MapType a, MapType b) => a.KeysSorted == b.KeysSorted,
        _ => publisher.Equals(subscriber),
    };

    private static string Nullability(Field field) => field.Nullable ? "nullable" : "not null";

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>Each field's position by name (a hostile peer's schema may have many fields), or null and the name that repeats.</summary>
    private static Dictionary<string, int>? Index(IReadOnlyList<Field> fields, out string? duplicate)
    {
        duplicate = null;
        var index = new Dictionary<string, int>(fields.Count, StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            if (!index.TryAdd(fields[i].Name, i))
            {
                duplicate = fields[i].Name;
                return null;
            }
        }
        return index;
    }
}
